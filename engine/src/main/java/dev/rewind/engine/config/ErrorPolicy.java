package dev.rewind.engine.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a component version does after an event went to its dead-letter topic.
 *
 * <p>Either way the event itself is written to {@code rewind.dlq.<component>} and an
 * {@code ERROR} outcome is written (when its event id is known) in the same transaction as the
 * partition's offset, so the bad event is never processed twice.
 */
public enum ErrorPolicy {
    /** Go on with the next event of the partition. */
    CONTINUE("continue"),
    /**
     * Stop consuming the partition (it stays paused and assigned; the offset after the bad event is
     * committed) until the instance restarts; other partitions go on.
     */
    STOP_PARTITION("stop-partition");

    private final String configValue;

    ErrorPolicy(String configValue) {
        this.configValue = configValue;
    }

    /** The spelling used in the {@code error.policy} setting. */
    public String configValue() {
        return configValue;
    }

    /**
     * Parses the setting's spelling, case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static ErrorPolicy parse(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (ErrorPolicy policy : values()) {
            if (policy.configValue.equals(wanted)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("Unknown error policy '" + value + "'; use one of "
                + acceptedValues());
    }

    /** The accepted spellings, comma separated, for messages and docs. */
    public static String acceptedValues() {
        return Arrays.stream(values()).map(ErrorPolicy::configValue).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return configValue;
    }
}
