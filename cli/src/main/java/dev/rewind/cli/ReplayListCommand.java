package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rewind replay list}: replays known to the service, optionally filtered. */
@Command(name = "list", description = "List replays.")
final class ReplayListCommand extends ApiCommand {

    @Option(names = {"-c", "--component"}, description = "Only replays of this component.")
    String component;

    @Option(names = "--state", description = "Only replays in this state: pending, running, completed,"
            + " failed or cancelled.")
    String state;

    @Override
    public Integer call() {
        StringBuilder path = new StringBuilder("api/v1/replays?");
        if (component != null) {
            path.append("component=").append(ApiClient.encode(component)).append('&');
        }
        if (state != null) {
            path.append("state=").append(ApiClient.encode(state)).append('&');
        }
        JsonNode result = client().get(path.substring(0, path.length() - 1));
        if (json()) {
            printJson(result);
            return ExitCodes.DONE;
        }
        out().printf(Locale.ROOT, "%-36s %-10s %-28s %-20s %6s  %s%n", "ID", "STATE", "COMPONENT.VERSION",
                "COHORT", "PCT", "FROM");
        for (JsonNode r : result.path("replays")) {
            out().printf(Locale.ROOT, "%-36s %-10s %-28s %-20s %5.1f%%  %s%n", r.path("id").asText(),
                    r.path("state").asText(), r.path("component").asText() + "." + r.path("version").asText(),
                    r.path("cohort").asText(), r.path("percent").asDouble(), r.path("from").asText());
        }
        out().flush();
        return ExitCodes.DONE;
    }
}
