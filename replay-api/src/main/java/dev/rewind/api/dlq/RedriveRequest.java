package dev.rewind.api.dlq;

import dev.rewind.api.OpenApiSchema;
import java.time.Instant;
import java.util.List;

/**
 * Body of {@code POST /api/v1/components/{component}/dlq/redrives}: which dead letters to deliver
 * through which version. The filters are those of the listing; {@code entries} picks entries by id
 * instead. Each selected entry's source record is reprocessed once, unless the event's latest
 * outcome for the component is already ok (a replay fixed it).
 *
 * @param version the version to reprocess through (the fixed one); required
 * @param reason why; required, audited
 * @param entries entry ids ({@code <partition>-<offset>}); null: every entry matching the filters
 * @param failedVersion only entries dead-lettered by this version
 * @param dlqReason only entries whose reason starts with this (e.g. {@code PROCESSOR_ERROR})
 * @param cohort only events of this selector ({@code customer:<id>}, {@code plan:<id>}, ...)
 * @param from only events at or after this event time
 * @param to only events before this event time
 * @param dryRun run the version on the selection in a sandbox and report what it would emit; commit nothing
 * @param maxEventsPerSecond throttle per partition; null for none
 */
@OpenApiSchema("RedriveRequest")
public record RedriveRequest(String version, String reason, List<String> entries, String failedVersion,
        String dlqReason, String cohort, Instant from, Instant to, Boolean dryRun, Double maxEventsPerSecond) {
}
