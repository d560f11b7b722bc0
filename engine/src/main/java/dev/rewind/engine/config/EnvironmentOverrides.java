package dev.rewind.engine.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Applies environment variables over file settings: {@code REWIND_SOURCE_TOPICS} overrides
 * {@code source.topics}, {@code REWIND_CONSUMER_MAX_POLL_RECORDS} overrides
 * {@code consumer.max.poll.records}: the prefix {@value #PREFIX} is removed, the rest lower-cased
 * and {@code _} becomes {@code .}.
 *
 * <p>Only variables that map to a defined key or to a client pass-through prefix are applied, so
 * unrelated {@code REWIND_*} variables of the environment do not break start-up.
 */
public final class EnvironmentOverrides {

    /** Prefix of the environment variables read. */
    public static final String PREFIX = "REWIND_";

    private EnvironmentOverrides() {
    }

    /**
     * The settings with environment overrides applied.
     *
     * @param fileSettings settings from the file (not changed)
     * @param environment the environment, e.g. {@code System.getenv()}
     * @return a new map
     */
    public static Map<String, Object> apply(Map<String, ?> fileSettings, Map<String, String> environment) {
        var defined = EngineConfig.configDef().names();
        return apply(fileSettings, environment, key -> defined.contains(key) || EngineConfig.isPassThrough(key));
    }

    /**
     * The settings with the overrides of the variables whose key {@code accepted} takes; the same
     * naming rule for every rewind process (the engine, the replay service).
     *
     * @return a new map
     */
    public static Map<String, Object> apply(Map<String, ?> fileSettings, Map<String, String> environment,
            java.util.function.Predicate<String> accepted) {
        Map<String, Object> merged = new HashMap<>(fileSettings);
        environment.forEach((variable, value) -> {
            if (!variable.startsWith(PREFIX) || variable.length() == PREFIX.length()) {
                return;
            }
            String key = keyOf(variable);
            if (accepted.test(key)) {
                merged.put(key, value);
            }
        });
        return merged;
    }

    /** {@code REWIND_DEDUPE_WINDOW_MS} -> {@code dedupe.window.ms}. */
    public static String keyOf(String variable) {
        return variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }
}
