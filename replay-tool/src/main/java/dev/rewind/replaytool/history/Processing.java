package dev.rewind.replaytool.history;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One processing of one event by one component version, live ({@code replayId} null) or in a replay.
 *
 * @param component   component name
 * @param version     version name
 * @param replayId    replay id or null for live processing
 * @param status      how it ended
 * @param duration    processing time
 * @param outputs     the records it emitted
 * @param error       error message or null
 * @param processedAt when it was processed
 * @param instanceId  the instance that processed it
 */
public record Processing(String component, String version, String replayId, ProcessingStatus status,
                         Duration duration, List<OutputLocation> outputs, String error, Instant processedAt,
                         String instanceId) {

    public Processing {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(duration, "duration");
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }

    /** True when this processing was part of a replay. */
    public boolean replayed() {
        return replayId != null;
    }
}
