package dev.rewind.clients;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka client settings of one rewind process (a version instance, the replay service, the
 * registry), from which every Kafka client the process creates is configured, in the manner of
 * Kafka Streams' {@code StreamsConfig#getMainConsumerConfigs}, {@code getRestoreConsumerConfigs},
 * {@code getProducerConfigs} and {@code getAdminConfigs}.
 *
 * <p>Layers, later ones winning: rewind's defaults for that client (overridable, e.g.
 * {@code max.poll.records}); the common settings, i.e. unprefixed keys that are settings of that
 * kind of Kafka client ({@code security.protocol}, {@code sasl.jaas.config}, {@code ssl.*},
 * {@code client.dns.lookup}, ...), so a cluster's credentials are written once; the settings under
 * the client's prefix ({@code consumer.}, {@code producer.}, {@code admin.}; a restore consumer
 * takes {@code consumer.} and then {@code restore.consumer.}); the settings rewind relies on
 * ({@link ClientRole#nonConfigurable()}); {@code bootstrap.servers}.
 *
 * <p>{@link #problems()} lists every attempt to set what rewind relies on, naming the key, so a
 * process refuses to start instead of silently ignoring it. Values of keys that may carry secrets
 * (passwords, JAAS lines, keys, tokens) are never printed by this class.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClientSettings {

    /** The one setting every client needs; written once, without prefix. */
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

    private static final Pattern SECRET = Pattern.compile(
            "(?i).*(password|jaas|secret|token|credentials|user\\.info|\\.key$|keystore\\.key|private).*");
    private static final Pattern SECRET_VALUE = Pattern.compile(
            "(?is).*(password|secret|token|LoginModule|-----BEGIN).*");
    private static final List<ClientRole> BY_PREFIX_LENGTH = List.of(ClientRole.RESTORE_CONSUMER,
            ClientRole.CONSUMER, ClientRole.PRODUCER, ClientRole.ADMIN);

    private final Map<String, Object> settings;

    private ClientSettings(Map<String, ?> settings) {
        Map<String, Object> copy = new HashMap<>();
        settings.forEach((key, value) -> {
            if (key != null && value != null) {
                copy.put(key, value);
            }
        });
        this.settings = Map.copyOf(copy);
    }

    /**
     * The client settings among {@code settings}, which may hold the process's other settings too
     * (they are ignored here). Never throws: check {@link #problems()}.
     */
    public static ClientSettings of(Map<String, ?> settings) {
        return new ClientSettings(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Whether {@code key} is read by this model: a role prefix, or an unprefixed setting of some
     * Kafka client (consumer, producer or admin). Callers that reject unknown keys accept these.
     */
    public static boolean isClientSetting(String key) {
        return roleOfPrefix(key) != null || BY_PREFIX_LENGTH.stream().anyMatch(role -> role.knows(key));
    }

    /** {@code bootstrap.servers} as written, or an empty string. */
    public String bootstrapServers() {
        Object value = settings.get(BOOTSTRAP_SERVERS);
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(Object::toString).toList());
        }
        return value == null ? "" : value.toString().trim();
    }

    /** Every override of a setting rewind relies on, sorted by key; empty when all is well. */
    public List<ClientConfigProblem> problems() {
        List<ClientConfigProblem> problems = new ArrayList<>();
        new TreeMap<>(settings).forEach((key, value) -> {
            String reason = refusal(key);
            if (reason != null) {
                problems.add(new ClientConfigProblem(key, value, "not allowed: " + reason));
            }
        });
        problems.sort(Comparator.comparing(ClientConfigProblem::key));
        return problems;
    }

    /**
     * The settings of one client.
     *
     * @param role the kind of client
     * @param clientId its {@code client.id} (a default: a {@code client.id} the operator sets wins)
     * @param defaults rewind's defaults for it, which the operator may override
     * @param required what rewind relies on; only keys of {@link ClientRole#nonConfigurable()}
     * @return a new mutable map
     * @throws IllegalArgumentException when {@code required} holds a key the operator could set
     *     (a programming error: the key belongs in the role's non-configurable set)
     */
    public Map<String, Object> config(ClientRole role, String clientId, Map<String, ?> defaults,
            Map<String, ?> required) {
        for (String key : required.keySet()) {
            if (!role.nonConfigurable().containsKey(key)) {
                throw new IllegalArgumentException(key + " is required for a " + role + " client but is not in "
                        + role + ".nonConfigurable(); add it there so operators are told they cannot set it");
            }
        }
        Map<String, Object> config = new HashMap<>();
        config.put("client.id", clientId);
        config.putAll(defaults);
        settings.forEach((key, value) -> {
            if (roleOfPrefix(key) == null && role.knows(key)) {
                config.put(key, value);
            }
        });
        if (role == ClientRole.RESTORE_CONSUMER) {
            config.putAll(withPrefix(ClientRole.CONSUMER));
        }
        config.putAll(withPrefix(role));
        config.putAll(required);
        config.put(BOOTSTRAP_SERVERS, bootstrapServers());
        return config;
    }

    /** {@link #config} with no defaults and nothing required. */
    public Map<String, Object> config(ClientRole role, String clientId) {
        return config(role, clientId, Map.of(), Map.of());
    }

    /**
     * A group-less consumer that follows or reads a whole topic (a log follower, an index reader):
     * committed records only, no offset commits, from the earliest offset unless the operator says
     * otherwise. The caller sets deserializers.
     */
    public Map<String, Object> readerConfig(String clientId) {
        return config(ClientRole.RESTORE_CONSUMER, clientId,
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    }

    /**
     * A non-transactional producer whose writes are neither lost nor doubled by its own retries
     * ({@code enable.idempotence=true}, {@code acks=all}). The caller sets serializers.
     */
    public Map<String, Object> idempotentProducerConfig(String clientId) {
        return config(ClientRole.PRODUCER, clientId, Map.of(),
                Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"));
    }

    /**
     * The client settings as written (common ones and the prefixed ones, prefixes kept), for a
     * framework that reads the same prefixes: Kafka Streams' {@code StreamsConfig} scopes settings
     * with {@code consumer.}, {@code restore.consumer.}, {@code producer.} and {@code admin.} too
     * and passes unprefixed client settings to every client it creates.
     */
    public Map<String, Object> asWritten() {
        Map<String, Object> written = new HashMap<>();
        settings.forEach((key, value) -> {
            if (isClientSetting(key)) {
                written.put(key, value);
            }
        });
        return written;
    }

    /**
     * The value as it may be printed: {@code [hidden]} for keys that may carry a secret, and for
     * values that look like one whatever the key (a misspelt {@code sasl.jaas.config} still holds a
     * password).
     */
    public static String printable(String key, Object value) {
        if (value == null) {
            return "(none)";
        }
        String text = value.toString();
        return SECRET.matcher(key).matches() || SECRET_VALUE.matcher(text).matches() ? "[hidden]" : text;
    }

    /** The client settings, secrets hidden. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        settings.forEach((key, value) -> {
            if (isClientSetting(key)) {
                shown.put(key, printable(key, value));
            }
        });
        return "ClientSettings" + shown;
    }

    private Map<String, Object> withPrefix(ClientRole role) {
        Map<String, Object> scoped = new HashMap<>();
        settings.forEach((key, value) -> {
            if (roleOfPrefix(key) == role) {
                scoped.put(key.substring(role.prefix().length()), value);
            }
        });
        return scoped;
    }

    private static String refusal(String key) {
        ClientRole prefixed = roleOfPrefix(key);
        if (prefixed != null) {
            String name = key.substring(prefixed.prefix().length());
            String reason = prefixed.refusal(name);
            if (reason == null && prefixed == ClientRole.CONSUMER) {
                reason = ClientRole.RESTORE_CONSUMER.refusal(name);
            }
            return reason;
        }
        if (BOOTSTRAP_SERVERS.equals(key)) {
            return null;
        }
        for (ClientRole role : BY_PREFIX_LENGTH) {
            if (role.knows(key) && role.refusal(key) != null) {
                return role.refusal(key);
            }
        }
        return null;
    }

    private static ClientRole roleOfPrefix(String key) {
        for (ClientRole role : BY_PREFIX_LENGTH) {
            if (key.startsWith(role.prefix())) {
                return role;
            }
        }
        return null;
    }

}
