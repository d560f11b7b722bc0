package dev.rewind.engine.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Checks a whole set of engine settings and reports every problem at once (Kafka's own
 * {@code AbstractConfig} stops at the first and its messages do not say how to fix a value).
 */
final class ConfigValidation {

    /**
     * Client settings the engine sets itself because exactly-once processing depends on them,
     * with the reason shown to the operator.
     */
    private static final Map<String, String> RESERVED = Map.ofEntries(
            Map.entry("consumer.group.id", "the group is always <component>.<version>; change"
                    + " component or version instead"),
            Map.entry("consumer.enable.auto.commit", "offsets are committed in the output"
                    + " transaction; remove the setting"),
            Map.entry("consumer.isolation.level", "the engine reads only committed events"
                    + " (read_committed); remove the setting"),
            Map.entry("consumer.key.deserializer", "the engine decodes events itself; remove it"),
            Map.entry("consumer.value.deserializer", "the engine decodes events itself; remove it"),
            Map.entry("consumer.bootstrap.servers", "set bootstrap.servers instead"),
            Map.entry("consumer.group.instance.id", "static membership is not supported; remove it"),
            Map.entry("consumer.partition.assignment.strategy", "the engine relies on cooperative"
                    + " rebalancing; remove the setting"),
            Map.entry("producer.transactional.id", "derived from <component>.<version>.<instance.id>;"
                    + " set instance.id instead"),
            Map.entry("producer.enable.idempotence", "transactions need idempotence; remove it"),
            Map.entry("producer.acks", "transactions need acks=all; remove it"),
            Map.entry("producer.key.serializer", "the engine serializes records itself; remove it"),
            Map.entry("producer.value.serializer", "the engine serializes records itself; remove it"),
            Map.entry("producer.bootstrap.servers", "set bootstrap.servers instead"));

    private ConfigValidation() {
    }

    static List<ConfigProblem> validate(ConfigDef def, Map<String, ?> props) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, ConfigDef.ConfigKey> keys = def.configKeys();
        for (ConfigDef.ConfigKey key : keys.values()) {
            checkKey(key, props, problems);
        }
        for (Map.Entry<String, ?> entry : new TreeMap<>(props).entrySet()) {
            String name = entry.getKey();
            if (keys.containsKey(name)) {
                continue;
            }
            if (RESERVED.containsKey(name)) {
                problems.add(new ConfigProblem(name, entry.getValue(), "not allowed: "
                        + RESERVED.get(name)));
            } else if (!EngineConfig.isPassThrough(name)) {
                problems.add(new ConfigProblem(name, entry.getValue(), "unknown key; "
                        + suggestion(name, keys.keySet())));
            }
        }
        problems.sort(Comparator.comparing(ConfigProblem::key));
        return problems;
    }

    private static void checkKey(ConfigDef.ConfigKey key, Map<String, ?> props,
                                 List<ConfigProblem> problems) {
        Object raw = props.get(key.name);
        if (raw == null) {
            if (!key.hasDefault()) {
                problems.add(new ConfigProblem(key.name, null, "required; set it: "
                        + key.documentation));
            }
            return;
        }
        try {
            Object parsed = ConfigDef.parseType(key.name, raw, key.type);
            if (key.validator != null) {
                key.validator.ensureValid(key.name, parsed);
            }
        } catch (Validators.Rejected e) {
            problems.add(new ConfigProblem(key.name, raw, e.reason()));
        } catch (ConfigException e) {
            problems.add(new ConfigProblem(key.name, raw, "expected a value of type "
                    + key.type.toString().toLowerCase(java.util.Locale.ROOT) + " ("
                    + e.getMessage() + "); " + key.documentation));
        }
    }

    private static String suggestion(String name, Iterable<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(name, candidate);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        String prefixes = "client settings need the prefix " + EngineConfig.CONSUMER_PREFIX
                + " or " + EngineConfig.PRODUCER_PREFIX + ", processor settings "
                + EngineConfig.PROCESSOR_PREFIX;
        return best != null && bestDistance <= 3
                ? "did you mean '" + best + "'? (" + prefixes + ")"
                : "remove it or fix its name (" + prefixes + ")";
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1),
                        previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
