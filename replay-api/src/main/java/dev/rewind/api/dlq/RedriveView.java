package dev.rewind.api.dlq;

import dev.rewind.api.OpenApiSchema;
import dev.rewind.api.replays.ReplayStatus;

/**
 * A redrive as accepted: how the selection was made and the replay that carries it out. Follow its
 * progress with {@code GET /api/v1/replays/{id}}: a redrive is a replay restricted to its records.
 *
 * @param id the redrive's id, also its replay id and the {@code replayId} of its outcomes
 * @param component component
 * @param version the version that reprocesses
 * @param matched entries that matched the selection
 * @param selected distinct source records sent to the version
 * @param alreadyOk entries skipped because the event's latest outcome for the component is ok
 * @param notRedrivable entries skipped because the version does not consume their source topic
 * @param replay the replay's status when accepted
 */
@OpenApiSchema("Redrive")
public record RedriveView(String id, String component, String version, int matched, int selected, int alreadyOk,
        int notRedrivable, ReplayStatus replay) {
}
