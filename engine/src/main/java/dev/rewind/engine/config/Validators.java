package dev.rewind.engine.config;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Validators whose messages say how to fix the value, not only what is wrong with it; shared by
 * every rewind {@link ConfigDef} (the engine's and the replay service's) and reported by
 * {@link ConfigValidation}.
 */
public final class Validators {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern HOST_PORT = Pattern.compile("\\[?[A-Za-z0-9._:-]+]?:\\d{1,5}");
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._-]{0,100}");

    private Validators() {
    }

    /** A rejected value; {@link #reason()} is the fix without Kafka's generic prefix. */
    public static final class Rejected extends ConfigException {

        private static final long serialVersionUID = 1L;

        private final String reason;

        public Rejected(String key, Object value, String reason) {
            super(key, value, reason);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    public static ConfigDef.Validator name(String example) {
        return (key, value) -> {
            if (value == null || !NAME.matcher(value.toString()).matches()) {
                throw new Rejected(key, value, "use lower-case letters, digits and '-',"
                        + " starting with a letter or digit, e.g. " + key + "=" + example);
            }
        };
    }

    public static ConfigDef.Validator hostPorts() {
        return (key, value) -> {
            List<?> list = (List<?>) value;
            if (list == null || list.isEmpty()) {
                throw new Rejected(key, value, "set at least one broker as host:port,"
                        + " e.g. " + key + "=localhost:9092");
            }
            for (Object entry : list) {
                if (!HOST_PORT.matcher(entry.toString()).matches()) {
                    throw new Rejected(key, value, "'" + entry + "' is not host:port; use a"
                            + " comma-separated list such as broker-1:9092,broker-2:9092");
                }
            }
        };
    }

    public static ConfigDef.Validator httpUrl() {
        return (key, value) -> {
            String text = value == null ? "" : value.toString().trim();
            try {
                URI uri = URI.create(text);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                        && uri.getHost() != null) {
                    return;
                }
                if ("mock".equals(uri.getScheme()) && text.length() > "mock://".length()) {
                    return; // the serde's in-memory registry, for tests
                }
            } catch (IllegalArgumentException e) {
                // reported below with the fix
            }
            throw new Rejected(key, value, "use the registry's base URL with http or https,"
                    + " e.g. " + key + "=http://localhost:8081 (or mock://<scope> in tests)");
        };
    }

    public static ConfigDef.Validator sourceTopics() {
        return (key, value) -> {
            List<?> list = (List<?>) value;
            if (list == null || list.isEmpty()) {
                throw new Rejected(key, value, "name at least one topic to consume,"
                        + " e.g. " + key + "=release-events");
            }
            for (Object entry : list) {
                String topic = entry.toString();
                if (!TOPIC.matcher(topic).matches() || ".".equals(topic) || "..".equals(topic)) {
                    throw new Rejected(key, value, "'" + topic + "' is not a legal Kafka topic"
                            + " name; use letters, digits, '.', '_' and '-' (at most 249)");
                }
                if (topic.startsWith("rewind.") || topic.startsWith("_")) {
                    throw new Rejected(key, value, "'" + topic + "' is an internal topic;"
                            + " list only the component's source topics");
                }
            }
        };
    }

    public static ConfigDef.Validator instanceId() {
        return (key, value) -> {
            if (value == null || !INSTANCE_ID.matcher(value.toString()).matches()) {
                throw new Rejected(key, value, "use at most 100 letters, digits, '.', '_' or"
                        + " '-' (e.g. the pod name), or leave it empty to derive one");
            }
        };
    }

    public static ConfigDef.Validator errorPolicy() {
        return (key, value) -> {
            try {
                ErrorPolicy.parse(value == null ? null : value.toString());
            } catch (IllegalArgumentException e) {
                throw new Rejected(key, value, "use one of " + ErrorPolicy.acceptedValues());
            }
        };
    }

    public static ConfigDef.Validator between(long min, long max, String unit) {
        return (key, value) -> {
            long number = ((Number) value).longValue();
            if (number < min || number > max) {
                throw new Rejected(key, value, "use a value from " + min + " to " + max
                        + (unit.isEmpty() ? "" : " " + unit));
            }
        };
    }

    public static ConfigDef.Validator positive() {
        return (key, value) -> {
            double number = ((Number) value).doubleValue();
            if (!(number > 0) || Double.isInfinite(number)) {
                throw new Rejected(key, value, "use a number greater than 0");
            }
        };
    }

    public static ConfigDef.Validator notBlank(String example) {
        return (key, value) -> {
            if (value == null || value.toString().isBlank()) {
                throw new Rejected(key, value, "set a non-empty value, e.g. " + key + "="
                        + example);
            }
        };
    }
}
