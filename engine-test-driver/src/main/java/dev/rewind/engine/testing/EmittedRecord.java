package dev.rewind.engine.testing;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.EventId;
import dev.rewind.engine.processor.ReplayId;
import java.util.Objects;
import java.util.Optional;

/**
 * One record a processor emitted, with what the runtime would put in its headers.
 *
 * @param topic the output topic
 * @param key the key, may be {@code null}
 * @param value a {@code SpecificRecord}, {@code GenericRecord}, {@code byte[]} or {@code null}
 * @param eventId the event that produced it ({@code rewind.event-id})
 * @param version the version that produced it ({@code rewind.version})
 * @param replayId the replay, if produced by one ({@code rewind.replay-id})
 */
public record EmittedRecord(String topic, String key, Object value, EventId eventId, ComponentVersion version,
        Optional<ReplayId> replayId) {

    /** Validates. */
    public EmittedRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(replayId, "replayId");
    }

    /** The value as a given type. */
    public <T> T valueAs(Class<T> type) {
        return type.cast(value);
    }
}
