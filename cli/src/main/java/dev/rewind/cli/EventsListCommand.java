package dev.rewind.cli;

import dev.rewind.api.events.EventPage;
import dev.rewind.api.events.EventSummary;
import dev.rewind.api.events.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        Map<String, String> query = new LinkedHashMap<>();
        query.put("cohort", cohort);
        query.put("from", from);
        query.put("limit", Integer.toString(limit));
        query.put("to", to);
        query.put("type", type);
        query.put("version", version);
        query.put("status", status);
        query.put("cursor", cursor);
        EventPage result = client().events(query);
        if (json()) {
            printJson(result);
            return ExitCodes.DONE;
        }
        out().printf(Locale.ROOT, "%-36s %-24s %-28s %s%n", "EVENT ID", "TIME", "TYPE", "OUTCOMES");
        for (EventSummary e : result.events()) {
            List<String> outcomes = new ArrayList<>();
            for (Outcome o : e.outcomes()) {
                outcomes.add(o.version() + "=" + o.status() + (o.replayed() ? "(replay)" : ""));
            }
            if (e.deadLettered()) {
                outcomes.add("dlq");
            }
            String eventType = text(e.type());
            out().printf(Locale.ROOT, "%-36s %-24s %-28s %s%n", text(e.eventId()), text(e.timestamp()),
                    eventType.substring(eventType.lastIndexOf('.') + 1), String.join(" ", outcomes));
        }
        if (result.nextCursor() != null) {
            out().printf(Locale.ROOT, "more: --cursor %s%n", result.nextCursor());
        }
        out().flush();
        return ExitCodes.DONE;
    }
}
