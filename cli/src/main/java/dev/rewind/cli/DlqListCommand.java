package dev.rewind.cli;

import dev.rewind.api.dlq.DeadLetterList;
import dev.rewind.api.dlq.DeadLetterView;
import dev.rewind.api.events.CohortView;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rewind dlq list COMPONENT}: dead-letter entries, filtered, one page. */
@Command(name = "list", description = "List a component's dead-letter entries by reason, cohort, time and version.")
final class DlqListCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "COMPONENT", description = "Component name.")
    String component;

    @Mixin
    DlqFilterOptions filter;

    @Option(names = "--limit", defaultValue = "100", description = "Entries per page, 1 to 1000 (default 100).")
    int limit;

    @Option(names = "--cursor", description = "Continue after this entry id (the nextCursor of the previous page).")
    String cursor;

    @Override
    public Integer call() {
        Map<String, String> parameters = filter.parameters();
        parameters.put("limit", Integer.toString(limit));
        parameters.put("cursor", cursor);
        DeadLetterList result = client().deadLetters(component, parameters);
        if (json()) {
            printJson(result);
            return ExitCodes.DONE;
        }
        String format = "%-10s %-6s %-22s %-24s %-36s %-25s %s%n";
        out().printf(Locale.ROOT, format, "ID", "VERSION", "REASON", "EVENT", "COHORT", "EVENT TIME", "SOURCE");
        for (DeadLetterView e : result.entries()) {
            out().printf(Locale.ROOT, format, e.id(), text(blank(e.version())), reasonName(e.reason()),
                    text(e.eventId()), cohort(e.cohort()), text(e.eventTime()),
                    e.sourceTopic() + "-" + e.sourcePartition() + "@" + e.sourceOffset());
        }
        if (result.nextCursor() != null) {
            out().println("more: --cursor " + result.nextCursor());
        }
        out().flush();
        return ExitCodes.DONE;
    }

    /** The reason's name, without the detail. */
    static String reasonName(String reason) {
        if (reason == null) {
            return "-";
        }
        int colon = reason.indexOf(':');
        return colon > 0 ? reason.substring(0, colon) : reason;
    }

    static String cohort(CohortView cohort) {
        if (cohort == null) {
            return "-";
        }
        StringBuilder text = new StringBuilder();
        if (cohort.customer() != null) {
            text.append("customer:").append(cohort.customer());
        }
        if (cohort.plan() != null) {
            text.append(text.length() > 0 ? "," : "").append("plan:").append(cohort.plan());
        }
        if (cohort.project() != null) {
            text.append(text.length() > 0 ? "," : "").append("project:").append(cohort.project());
        }
        return text.length() == 0 ? "none" : text.toString();
    }

    private static String blank(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
