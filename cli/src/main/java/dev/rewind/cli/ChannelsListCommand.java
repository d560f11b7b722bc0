package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code rewind channels list COMPONENT}: which version each channel points at now. */
@Command(name = "list", description = "List a component's channels.")
final class ChannelsListCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "COMPONENT", description = "Component name.")
    String component;

    @Override
    public Integer call() {
        JsonNode result = client().get("api/v1/components/" + ApiClient.encode(component) + "/channels");
        if (json()) {
            printJson(result);
            return ExitCodes.DONE;
        }
        out().printf(Locale.ROOT, "%-16s %-16s %-25s %-12s %s%n", "CHANNEL", "VERSION", "EFFECTIVE FROM",
                "AUTHOR", "REASON");
        for (JsonNode c : result.path("channels")) {
            out().printf(Locale.ROOT, "%-16s %-16s %-25s %-12s %s%n", text(c, "channel"), text(c, "version"),
                    text(c, "effectiveFrom"), text(c, "author"), text(c, "reason"));
        }
        out().flush();
        return ExitCodes.DONE;
    }
}
