package dev.rewind.engine.processor;

import java.util.Map;
import java.util.Objects;

/**
 * What a processor receives once, before its first event.
 *
 * @param componentVersion the component and version this processor runs as
 * @param config the processor's own settings (the runtime passes the settings prefixed
 *     {@code processor.}, with the prefix removed); copied, unmodifiable
 */
public record ProcessorInit(ComponentVersion componentVersion, Map<String, String> config) {

    /** Validates and copies. */
    public ProcessorInit {
        Objects.requireNonNull(componentVersion, "componentVersion");
        config = Map.copyOf(config == null ? Map.of() : config);
    }
}
