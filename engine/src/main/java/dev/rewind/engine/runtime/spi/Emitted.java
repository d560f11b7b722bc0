package dev.rewind.engine.runtime.spi;

import java.util.Objects;

/** One record a processor emitted, not yet serialized. */
public record Emitted(String topic, String key, Object value) {
    public Emitted {
        Objects.requireNonNull(topic, "topic");
    }
}
