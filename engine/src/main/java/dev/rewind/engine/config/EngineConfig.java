package dev.rewind.engine.config;

import dev.rewind.clients.ClientSettings;
import dev.rewind.schemas.registry.RegistryCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The settings of one component version instance, as a Kafka {@link ConfigDef}.
 *
 * <p>Build one with {@link #of(Map)}, which validates every setting at once and throws
 * {@link InvalidEngineConfigException} listing each bad key, its value and the fix. Kafka client
 * settings are read by {@link #clientSettings()}: unprefixed ones ({@code security.protocol},
 * {@code sasl.jaas.config}, {@code ssl.truststore.location}, ...) reach every client the engine
 * creates, keys prefixed {@value #CONSUMER_PREFIX}, {@value #RESTORE_CONSUMER_PREFIX},
 * {@value #PRODUCER_PREFIX} and {@value #ADMIN_PREFIX} one kind of client, except the few the
 * engine must control for exactly-once processing (group id, isolation level, auto commit,
 * transactional id, (de)serializers...), which are rejected. Keys prefixed
 * {@value #PROCESSOR_PREFIX} go to the processor.
 * Unknown keys are rejected too, so a typo cannot silently fall back to a default.
 *
 * <p>Immutable and thread-safe.
 */
public final class EngineConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    public static final String BOOTSTRAP_SERVERS_DOC = "Kafka brokers to bootstrap from, host:port,...";

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    public static final String SCHEMA_REGISTRY_URL_DOC = "Base URL of a Confluent-compatible schema"
            + " registry, used to decode events and to write outcomes and dead letters.";

    public static final String COMPONENT_CONFIG = "component";
    public static final String COMPONENT_DOC = "Component name, e.g. release-coordinator; with the"
            + " version it names the consumer group <component>.<version>.";

    public static final String VERSION_CONFIG = "version";
    public static final String VERSION_DOC = "Version name of this build of the component, e.g. v23.";

    public static final String PROCESSOR_CLASS_CONFIG = "processor.class";
    public static final String PROCESSOR_CLASS_DOC = "Class of the EventProcessor to run (public, with"
            + " a public no-argument constructor). Needed by Main; an embedding application passes"
            + " the processor itself.";

    public static final String SOURCE_TOPICS_CONFIG = "source.topics";
    public static final String SOURCE_TOPICS_DOC = "Comma-separated source topics to consume.";

    public static final String STATE_DIR_CONFIG = "state.dir";
    public static final String STATE_DIR_DEFAULT = Path.of(System.getProperty("java.io.tmpdir"),
            "rewind-state").toString();
    public static final String STATE_DIR_DOC = "Directory for RocksDB state (entity state and"
            + " dedupe entries); rebuilt from changelogs when lost. Default: " + STATE_DIR_DEFAULT;

    public static final String DEDUPE_WINDOW_MS_CONFIG = "dedupe.window.ms";
    public static final long DEDUPE_WINDOW_MS_DEFAULT = Duration.ofHours(1).toMillis();
    public static final String DEDUPE_WINDOW_MS_DOC = "How long (event time) an event id is remembered"
            + " to drop a second copy of the same event; 0 turns dedupe off. Default: "
            + DEDUPE_WINDOW_MS_DEFAULT;

    public static final String COMMIT_INTERVAL_MS_CONFIG = "commit.interval.ms";
    public static final long COMMIT_INTERVAL_MS_DEFAULT = 100;
    public static final String COMMIT_INTERVAL_MS_DOC = "How long a transaction stays open collecting a"
            + " batch before it is committed, whatever the number of events in it (as Kafka Streams'"
            + " commit.interval.ms with exactly_once_v2). Default: " + COMMIT_INTERVAL_MS_DEFAULT;

    public static final String MAX_BATCH_SIZE_CONFIG = "max.batch.size";
    public static final int MAX_BATCH_SIZE_DEFAULT = 20_000;
    public static final String MAX_BATCH_SIZE_DOC = "Most events processed in one transaction: a cap on"
            + " what an abort redoes and on the dedupe and state entries held until the commit, not the"
            + " commit cadence (that is " + COMMIT_INTERVAL_MS_CONFIG + "; a transaction per 500 events cost"
            + " the engine half its throughput, issue 12). Also bounds max.poll.records (at most "
            + "1000 by default). Default: " + MAX_BATCH_SIZE_DEFAULT;

    public static final String ERROR_POLICY_CONFIG = "error.policy";
    public static final String ERROR_POLICY_DEFAULT = ErrorPolicy.CONTINUE.configValue();
    public static final String ERROR_POLICY_DOC = "After an event went to the dead-letter topic: "
            + ErrorPolicy.acceptedValues() + ". Default: " + ERROR_POLICY_DEFAULT;

    public static final String ROUTE_SKEW_MARGIN_MS_CONFIG = "route.skew.margin.ms";
    public static final long ROUTE_SKEW_MARGIN_MS_DEFAULT = 10_000;
    /** Route publications may take 2 s and clocks differ by 2 s: the margin must exceed both. */
    static final long ROUTE_SKEW_MARGIN_MS_MIN = 4_001;
    public static final String ROUTE_SKEW_MARGIN_MS_DOC = "Margin between a route change's publication and"
            + " the earliest event time it may affect; must not exceed the margin route publishers use"
            + " (else ownership could be decided before a change is read) and must be larger than the"
            + " 2 s publish delay plus 2 s clock skew. Default: " + ROUTE_SKEW_MARGIN_MS_DEFAULT;

    public static final String METRICS_PORT_CONFIG = "metrics.port";
    public static final int METRICS_PORT_DEFAULT = 0;
    public static final String METRICS_PORT_DOC = "Port of the Prometheus scrape endpoint /metrics;"
            + " 0 turns it off, -1 picks a free port. Default: " + METRICS_PORT_DEFAULT;

    public static final String INSTANCE_ID_CONFIG = "instance.id";
    public static final String INSTANCE_ID_DOC = "Stable id of this instance (e.g. the pod name); part"
            + " of the transactional id, so a restarted instance fences its predecessor. Empty: a"
            + " random id.";

    public static final String REPLAY_MAX_EVENTS_PER_SECOND_CONFIG = "replay.max.events.per.second";
    public static final double REPLAY_MAX_EVENTS_PER_SECOND_DEFAULT = 1_000;
    public static final String REPLAY_MAX_EVENTS_PER_SECOND_DOC = "Default rate limit of reprocessed"
            + " events during a replay, per instance. Default: " + REPLAY_MAX_EVENTS_PER_SECOND_DEFAULT;

    /** Prefix of settings passed to the Kafka consumer. */
    public static final String CONSUMER_PREFIX = "consumer.";
    /** Prefix of settings passed to the Kafka producer. */
    public static final String PRODUCER_PREFIX = "producer.";
    /** Prefix of settings passed to the group-less readers (route and control logs, changelog restore, replays). */
    public static final String RESTORE_CONSUMER_PREFIX = "restore.consumer.";
    /** Prefix of settings passed to the admin client. */
    public static final String ADMIN_PREFIX = "admin.";
    /** Prefix of the processor's own settings, passed to it at init without the prefix. */
    public static final String PROCESSOR_PREFIX = "processor.";

    private static final ConfigDef CONFIG_DEF = buildConfigDef();

    private final String resolvedInstanceId;

    private EngineConfig(Map<String, ?> props) {
        super(CONFIG_DEF, props, false);
        String configured = getString(INSTANCE_ID_CONFIG);
        this.resolvedInstanceId = configured.isEmpty()
                ? UUID.randomUUID().toString().substring(0, 8) : configured;
    }

    /**
     * Validates the settings and returns the configuration.
     *
     * @throws InvalidEngineConfigException listing every invalid setting
     */
    public static EngineConfig of(Map<String, ?> props) {
        List<ConfigProblem> problems = ConfigValidation.validate(CONFIG_DEF, props);
        if (!problems.isEmpty()) {
            throw new InvalidEngineConfigException(problems);
        }
        return new EngineConfig(props);
    }

    /** The definition of every key, e.g. for generated docs. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG_DEF);
    }

    public String bootstrapServers() {
        return String.join(",", getList(BOOTSTRAP_SERVERS_CONFIG));
    }

    public String schemaRegistryUrl() {
        return getString(SCHEMA_REGISTRY_URL_CONFIG).trim();
    }

    public String component() {
        return getString(COMPONENT_CONFIG);
    }

    public String version() {
        return getString(VERSION_CONFIG);
    }

    /** The consumer group of this version, {@code <component>.<version>}. */
    public String groupId() {
        return component() + "." + version();
    }

    /** The configured processor class, or {@code null} when the processor is passed in code. */
    public Class<?> processorClass() {
        return getClass(PROCESSOR_CLASS_CONFIG);
    }

    public List<String> sourceTopics() {
        return List.copyOf(getList(SOURCE_TOPICS_CONFIG));
    }

    public Path stateDir() {
        return Path.of(getString(STATE_DIR_CONFIG));
    }

    /** Zero when dedupe is off. */
    public Duration dedupeWindow() {
        return Duration.ofMillis(getLong(DEDUPE_WINDOW_MS_CONFIG));
    }

    public Duration commitInterval() {
        return Duration.ofMillis(getLong(COMMIT_INTERVAL_MS_CONFIG));
    }

    public int maxBatchSize() {
        return getInt(MAX_BATCH_SIZE_CONFIG);
    }

    public ErrorPolicy errorPolicy() {
        return ErrorPolicy.parse(getString(ERROR_POLICY_CONFIG));
    }

    public Duration routeSkewMargin() {
        return Duration.ofMillis(getLong(ROUTE_SKEW_MARGIN_MS_CONFIG));
    }

    /** 0 = no endpoint, -1 = any free port. */
    public int metricsPort() {
        return getInt(METRICS_PORT_CONFIG);
    }

    /** The configured instance id, or a random one chosen once for this configuration. */
    public String instanceId() {
        return resolvedInstanceId;
    }

    /** The transactional id of this instance: {@code <component>.<version>.<instanceId>}. */
    public String transactionalId() {
        return groupId() + "." + instanceId();
    }

    public double replayMaxEventsPerSecond() {
        return getDouble(REPLAY_MAX_EVENTS_PER_SECOND_CONFIG);
    }

    /** The {@code consumer.}-prefixed settings without their prefix. */
    public Map<String, Object> consumerOverrides() {
        return new HashMap<>(originalsWithPrefix(CONSUMER_PREFIX));
    }

    /** The {@code producer.}-prefixed settings without their prefix. */
    public Map<String, Object> producerOverrides() {
        return new HashMap<>(originalsWithPrefix(PRODUCER_PREFIX));
    }

    /**
     * The {@code processor.}-prefixed settings without their prefix (except {@code processor.class}),
     * as strings, for {@code ProcessorInit}.
     */
    public Map<String, String> processorSettings() {
        Map<String, String> settings = new HashMap<>();
        originalsWithPrefix(PROCESSOR_PREFIX).forEach((key, value) -> {
            if (!PROCESSOR_CLASS_CONFIG.equals(PROCESSOR_PREFIX + key) && value != null) {
                settings.put(key, value instanceof Class<?> c ? c.getName() : value.toString());
            }
        });
        return settings;
    }

    /**
     * The Kafka client settings of this instance, from which every client it creates is configured:
     * unprefixed client settings ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}, ...) for
     * every client, then {@value #CONSUMER_PREFIX}, {@value #RESTORE_CONSUMER_PREFIX},
     * {@value #PRODUCER_PREFIX} and {@value #ADMIN_PREFIX} ones for one kind of client.
     */
    public ClientSettings clientSettings() {
        return ClientSettings.of(originals());
    }

    /**
     * The registry client's settings: {@value #SCHEMA_REGISTRY_URL_CONFIG} and, named as Confluent's
     * clients name them, its credentials and TLS settings ({@code basic.auth.credentials.source},
     * {@code basic.auth.user.info}, {@code bearer.auth.*}, {@code schema.registry.ssl.*}); for the
     * Avro serdes. Holds secrets: never log it.
     */
    public Map<String, Object> registryClientConfig() {
        Map<String, Object> registry = new HashMap<>();
        originals().forEach((key, value) -> {
            if (RegistryCredentials.isCredentialSetting(key) && value != null) {
                registry.put(key, value);
            }
        });
        registry.put(SCHEMA_REGISTRY_URL_CONFIG, schemaRegistryUrl());
        return registry;
    }

    /** Whether {@code key} is passed through to a client or the processor rather than defined here. */
    static boolean isPassThrough(String key) {
        return ClientSettings.isClientSetting(key) || RegistryCredentials.isCredentialSetting(key)
                || key.startsWith(PROCESSOR_PREFIX);
    }

    private static ConfigDef buildConfigDef() {
        return new ConfigDef()
                .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
                        Validators.hostPorts(), Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
                .define(SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                        Validators.httpUrl(), Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
                .define(COMPONENT_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                        Validators.name("release-coordinator"), Importance.HIGH, COMPONENT_DOC)
                .define(VERSION_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                        Validators.name("v23"), Importance.HIGH, VERSION_DOC)
                .define(SOURCE_TOPICS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
                        Validators.sourceTopics(), Importance.HIGH, SOURCE_TOPICS_DOC)
                .define(PROCESSOR_CLASS_CONFIG, Type.CLASS, null, Importance.HIGH,
                        PROCESSOR_CLASS_DOC)
                .define(STATE_DIR_CONFIG, Type.STRING, STATE_DIR_DEFAULT,
                        Validators.notBlank("/var/lib/rewind"), Importance.MEDIUM, STATE_DIR_DOC)
                .define(DEDUPE_WINDOW_MS_CONFIG, Type.LONG, DEDUPE_WINDOW_MS_DEFAULT,
                        Validators.between(0, Duration.ofDays(30).toMillis(), "ms (0 = off)"),
                        Importance.MEDIUM, DEDUPE_WINDOW_MS_DOC)
                .define(COMMIT_INTERVAL_MS_CONFIG, Type.LONG, COMMIT_INTERVAL_MS_DEFAULT,
                        Validators.between(1, 60_000, "ms"), Importance.MEDIUM,
                        COMMIT_INTERVAL_MS_DOC)
                .define(MAX_BATCH_SIZE_CONFIG, Type.INT, MAX_BATCH_SIZE_DEFAULT,
                        Validators.between(1, 100_000, "events"), Importance.MEDIUM,
                        MAX_BATCH_SIZE_DOC)
                .define(ERROR_POLICY_CONFIG, Type.STRING, ERROR_POLICY_DEFAULT,
                        Validators.errorPolicy(), Importance.MEDIUM, ERROR_POLICY_DOC)
                .define(ROUTE_SKEW_MARGIN_MS_CONFIG, Type.LONG, ROUTE_SKEW_MARGIN_MS_DEFAULT,
                        Validators.between(ROUTE_SKEW_MARGIN_MS_MIN, Duration.ofHours(1).toMillis(), "ms"),
                        Importance.MEDIUM, ROUTE_SKEW_MARGIN_MS_DOC)
                .define(METRICS_PORT_CONFIG, Type.INT, METRICS_PORT_DEFAULT,
                        Validators.between(-1, 65_535, "(0 = off, -1 = any free port)"),
                        Importance.LOW, METRICS_PORT_DOC)
                .define(INSTANCE_ID_CONFIG, Type.STRING, "", Validators.instanceId(),
                        Importance.MEDIUM, INSTANCE_ID_DOC)
                .define(REPLAY_MAX_EVENTS_PER_SECOND_CONFIG, Type.DOUBLE,
                        REPLAY_MAX_EVENTS_PER_SECOND_DEFAULT, Validators.positive(), Importance.LOW,
                        REPLAY_MAX_EVENTS_PER_SECOND_DOC);
    }
}
