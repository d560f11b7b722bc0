package dev.rewind.api.events;

import dev.rewind.api.OpenApiSchema;
import java.time.Instant;
import java.util.List;

/**
 * One processing of an event by a component version.
 *
 * @param component component
 * @param version version
 * @param replayId the replay it belonged to, null in live mode
 * @param mode {@code live} or {@code replay}
 * @param status {@code ok}, {@code error} or {@code skipped-dup}
 * @param durationMicros processing time in microseconds
 * @param error the error message when it failed, else null
 * @param processedAt when it was processed, if known
 * @param instanceId the engine instance, if known
 * @param outputs the records it emitted
 */
@OpenApiSchema("Outcome")
public record Outcome(String component, String version, String replayId, String mode, String status,
        long durationMicros, String error, Instant processedAt, String instanceId, List<OutputRef> outputs) {

    /** Copies the outputs. */
    public Outcome {
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }

    /** Whether this processing was part of a replay. */
    public boolean replayed() {
        return "replay".equals(mode);
    }
}
