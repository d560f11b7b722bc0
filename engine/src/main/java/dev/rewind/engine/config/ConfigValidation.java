package dev.rewind.engine.config;

import dev.rewind.clients.ClientConfigProblem;
import dev.rewind.clients.ClientSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Checks a whole set of settings against a {@link ConfigDef} and reports every problem at once
 * (Kafka's own {@code AbstractConfig} stops at the first and its messages do not say how to fix a
 * value): the engine's and the replay service's configurations.
 */
public final class ConfigValidation {

    private ConfigValidation() {
    }

    static List<ConfigProblem> validate(ConfigDef def, Map<String, ?> props) {
        return validate(def, props, EngineConfig::isPassThrough, "Kafka client settings go unprefixed for every"
                + " client or with a prefix " + EngineConfig.CONSUMER_PREFIX + ", " + EngineConfig.RESTORE_CONSUMER_PREFIX
                + ", " + EngineConfig.PRODUCER_PREFIX + " or " + EngineConfig.ADMIN_PREFIX + ", processor settings "
                + EngineConfig.PROCESSOR_PREFIX);
    }

    /**
     * Every problem of {@code props}, sorted by key: each key of {@code def} (missing, wrong type,
     * rejected by its validator), each override of a client setting rewind relies on
     * ({@link ClientSettings#problems()}), each key neither defined nor passed through.
     *
     * @param passThrough keys read elsewhere (client settings, prefixes), not unknown
     * @param keyHint where the keys that are not defined belong, shown with an unknown key
     */
    public static List<ConfigProblem> validate(ConfigDef def, Map<String, ?> props,
            java.util.function.Predicate<String> passThrough, String keyHint) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, ConfigDef.ConfigKey> keys = def.configKeys();
        for (ConfigDef.ConfigKey key : keys.values()) {
            checkKey(key, props, problems);
        }
        for (ClientConfigProblem problem : ClientSettings.of(props).problems()) {
            problems.add(new ConfigProblem(problem.key(), problem.value(), problem.reason()));
        }
        for (Map.Entry<String, ?> entry : new TreeMap<>(props).entrySet()) {
            String name = entry.getKey();
            if (keys.containsKey(name)) {
                continue;
            }
            if (!passThrough.test(name)) {
                problems.add(new ConfigProblem(name, entry.getValue(), "unknown key; "
                        + suggestion(name, keys.keySet(), keyHint)));
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

    private static String suggestion(String name, Iterable<String> known, String prefixes) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(name, candidate);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
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
