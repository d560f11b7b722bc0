package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code rewind routes list COMPONENT}: the routes in force now. */
@Command(name = "list", description = "List a component's routes.")
final class RoutesListCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "COMPONENT", description = "Component name.")
    String component;

    @Override
    public Integer call() {
        JsonNode result = client().get("api/v1/components/" + ApiClient.encode(component) + "/routes");
        if (json()) {
            printJson(result);
            return ExitCodes.DONE;
        }
        out().printf(Locale.ROOT, "%-24s %-20s %-8s %-25s %-12s %s%n", "SELECTOR", "TARGET", "KIND",
                "EFFECTIVE FROM", "AUTHOR", "REASON");
        for (JsonNode r : result.path("routes")) {
            out().printf(Locale.ROOT, "%-24s %-20s %-8s %-25s %-12s %s%n", text(r, "selector"),
                    text(r, "target"), text(r, "targetKind"), text(r, "effectiveFrom"), text(r, "author"),
                    text(r, "reason"));
        }
        out().flush();
        return ExitCodes.DONE;
    }
}
