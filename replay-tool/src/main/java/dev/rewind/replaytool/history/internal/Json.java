package dev.rewind.replaytool.history.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The history feature's mapper for payloads and instance-to-instance forwarding. Store values have
 * their own versioned format ({@link StoreFormat}); the REST API uses {@code dev.rewind.api.Json}.
 */
public final class Json {

    /** Thread-safe once configured. Instants as ISO-8601 text, durations as ISO-8601 too. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }
}
