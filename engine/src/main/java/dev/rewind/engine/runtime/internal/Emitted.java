package dev.rewind.engine.runtime.internal;

import java.util.Objects;

/** One record a processor emitted, not yet serialized. */
record Emitted(String topic, String key, Object value) {
    Emitted {
        Objects.requireNonNull(topic, "topic");
    }
}
