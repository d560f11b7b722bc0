package dev.rewind.cli;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The selection options shared by {@code rewind dlq list} and {@code rewind dlq redrive}. */
final class DlqFilterOptions {

    @Option(names = "--failed-version", paramLabel = "VERSION", description = "Only entries of this version.")
    String version;

    @Option(names = "--dlq-reason", paramLabel = "REASON",
            description = "Only entries whose reason starts with this, e.g. PROCESSOR_ERROR.")
    String reason;

    @Option(names = "--cohort", description = "Only events of this selector: customer:<id>, plan:<id>, project:<id>.")
    String cohort;

    @Option(names = "--from", description = "Only events at or after this event time (ISO-8601).")
    Instant from;

    @Option(names = "--to", description = "Only events before this event time (ISO-8601).")
    Instant to;

    /** As query parameters of the listing. */
    Map<String, String> parameters() {
        Map<String, String> result = new LinkedHashMap<>();
        result.put("version", version);
        result.put("reason", reason);
        result.put("cohort", cohort);
        result.put("from", from == null ? null : from.toString());
        result.put("to", to == null ? null : to.toString());
        return result;
    }
}
