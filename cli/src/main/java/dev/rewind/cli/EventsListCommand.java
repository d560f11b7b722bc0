package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rewind events list --cohort customer:acme}: a cohort's events, newest first. */
@Command(name = "list", description = "List a cohort's events, newest first, with each version's outcome.")
final class EventsListCommand extends ApiCommand {

    @Option(names = "--cohort", required = true, paramLabel = "DIMENSION:VALUE",
            description = "customer:<id>, plan:<id> or project:<id>.")
    String cohort;

    @Option(names = "--from", defaultValue = "now-15m", description = "Start (ISO-8601, epoch ms or now-15m). "
            + "Default ${DEFAULT-VALUE}.")
    String from;

    @Option(names = "--to", description = "End, exclusive. Default now.")
    String to;

    @Option(names = "--type", description = "Only events of this type (full or simple record name).")
    String type;

    @Option(names = "--event-version", paramLabel = "VERSION", description = "Only events this version processed.")
    String version;

    @Option(names = "--status", description = "Only events with a processing in this status: ok, error, skipped-dup.")
    String status;

    @Option(names = "--limit", defaultValue = "50", description = "Page size, 1 to 1000. Default ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--cursor", description = "Continue from the cursor a previous page printed.")
    String cursor;

    @Override
    public Integer call() {
        List<String> params = new ArrayList<>();
        params.add("cohort=" + ApiClient.encode(cohort));
        params.add("from=" + ApiClient.encode(from));
        params.add("limit=" + limit);
        add(params, "to", to);
        add(params, "type", type);
        add(params, "version", version);
        add(params, "status", status);
        add(params, "cursor", cursor);
        JsonNode result = client().get("api/v1/events?" + String.join("&", params));
        if (json()) {
            printJson(result);
            return ExitCodes.DONE;
        }
        out().printf(Locale.ROOT, "%-36s %-24s %-28s %s%n", "EVENT ID", "TIME", "TYPE", "OUTCOMES");
        for (JsonNode e : result.path("events")) {
            List<String> outcomes = new ArrayList<>();
            for (JsonNode o : e.path("outcomes")) {
                outcomes.add(o.path("version").asText() + "=" + o.path("status").asText()
                        + (o.path("mode").asText().equals("replay") ? "(replay)" : ""));
            }
            if (e.path("deadLettered").asBoolean()) {
                outcomes.add("dlq");
            }
            String eventType = text(e, "type");
            out().printf(Locale.ROOT, "%-36s %-24s %-28s %s%n", text(e, "eventId"), text(e, "timestamp"),
                    eventType.substring(eventType.lastIndexOf('.') + 1), String.join(" ", outcomes));
        }
        if (result.hasNonNull("nextCursor")) {
            out().printf(Locale.ROOT, "more: --cursor %s%n", result.path("nextCursor").asText());
        }
        out().flush();
        return ExitCodes.DONE;
    }

    private static void add(List<String> params, String name, String value) {
        if (value != null) {
            params.add(name + "=" + ApiClient.encode(value));
        }
    }
}
