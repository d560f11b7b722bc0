package dev.rewind.replaytool.history;

import dev.rewind.clients.ClientSettings;
import dev.rewind.schemas.registry.RegistryCredentials;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the history index. Validated as a whole when constructed; every error names the key,
 * the bad value and the fix. Keys prefixed {@value #STREAMS_PREFIX} are passed to Kafka Streams
 * unchanged (without the prefix) and override what the index sets.
 */
public final class HistoryConfig extends AbstractConfig {

    public static final String STREAMS_PREFIX = "history.streams.";

    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    public static final String BOOTSTRAP_SERVERS_DOC = "Kafka bootstrap servers, host:port[,host:port].";

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    public static final String SCHEMA_REGISTRY_URL_DOC = "Base URL of a Confluent-compatible schema registry, "
            + "used to decode events for the index and for the API, and to validate ingested events.";

    public static final String APPLICATION_ID_CONFIG = "history.application.id";
    public static final String APPLICATION_ID_DEFAULT = "rewind-history";
    public static final String APPLICATION_ID_DOC = "Kafka Streams application id of the index; every "
            + "replay-tool instance of one deployment uses the same. Default " + APPLICATION_ID_DEFAULT + ".";

    public static final String APPLICATION_SERVER_CONFIG = "history.application.server";
    public static final String APPLICATION_SERVER_DOC = "host:port at which other instances reach this one's "
            + "REST API, to forward queries for keys this instance does not hold. Empty for a single instance.";

    public static final String STATE_DIR_CONFIG = "history.state.dir";
    public static final String STATE_DIR_DEFAULT = ".rewind/history";
    public static final String STATE_DIR_DOC = "Directory of the index's RocksDB stores; kept across restarts "
            + "so a restart does not restore from the changelogs. Default " + STATE_DIR_DEFAULT + ".";

    public static final String SOURCE_TOPICS_CONFIG = "history.source.topics";
    public static final String SOURCE_TOPICS_DOC = "Event source topics to index. Set this or "
            + "history.source.topic.pattern.";

    public static final String SOURCE_PATTERN_CONFIG = "history.source.topic.pattern";
    public static final String SOURCE_PATTERN_DOC = "Regular expression of the event source topics to index. "
            + "Must not match rewind.* topics. Set this or history.source.topics.";

    public static final String OUTCOMES_TOPIC_CONFIG = "history.outcomes.topic";
    public static final String OUTCOMES_TOPIC_DEFAULT = "rewind.outcomes";
    public static final String OUTCOMES_TOPIC_DOC = "Topic of processing outcomes. Default "
            + OUTCOMES_TOPIC_DEFAULT + ".";

    public static final String DLQ_PATTERN_CONFIG = "history.dlq.topic.pattern";
    public static final String DLQ_PATTERN_DEFAULT = "rewind\\.dlq\\..+";
    public static final String DLQ_PATTERN_DOC = "Regular expression of the dead-letter topics. Default "
            + DLQ_PATTERN_DEFAULT + ".";

    public static final String RETENTION_MS_CONFIG = "history.retention.ms";
    public static final long RETENTION_MS_DEFAULT = Duration.ofDays(7).toMillis();
    public static final String RETENTION_MS_DOC = "How long the cohort index keeps an event, by event time; "
            + "set it to the source topics' retention. Default " + RETENTION_MS_DEFAULT + " (7 days).";

    public static final String STATS_RETENTION_MS_CONFIG = "history.stats.retention.ms";
    public static final long STATS_RETENTION_MS_DEFAULT = Duration.ofHours(2).toMillis();
    public static final String STATS_RETENTION_MS_DOC = "How long per-minute outcome statistics are kept; at "
            + "least 1 hour 1 minute so the 1h view is complete. Default " + STATS_RETENTION_MS_DEFAULT + " (2h).";

    public static final String PARTITIONS_CONFIG = "history.partitions";
    public static final int PARTITIONS_DEFAULT = 3;
    public static final String PARTITIONS_DOC = "Partitions of the index's internal topics: the most instances "
            + "that can share the index. Fixed once the index has run. Default " + PARTITIONS_DEFAULT + ".";

    public static final String COMMIT_INTERVAL_MS_CONFIG = "history.commit.interval.ms";
    public static final long COMMIT_INTERVAL_MS_DEFAULT = 1000L;
    public static final String COMMIT_INTERVAL_MS_DOC = "How often the index commits (exactly-once "
            + "transactions); also how stale a query may be. Default " + COMMIT_INTERVAL_MS_DEFAULT + ".";

    public static final String REPLICATION_FACTOR_CONFIG = "history.replication.factor";
    public static final int REPLICATION_FACTOR_DEFAULT = -1;
    public static final String REPLICATION_FACTOR_DOC = "Replication factor of the internal topics; -1 uses "
            + "the broker's default. Default " + REPLICATION_FACTOR_DEFAULT + ".";

    private static final long MIN_STATS_RETENTION = Duration.ofMinutes(61).toMillis();

    /** The definition of every key. */
    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
                    new ConfigDef.NonNullValidator(), Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                    new ConfigDef.NonEmptyString(), Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
            .define(APPLICATION_ID_CONFIG, Type.STRING, APPLICATION_ID_DEFAULT, new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, APPLICATION_ID_DOC)
            .define(APPLICATION_SERVER_CONFIG, Type.STRING, "", Importance.MEDIUM, APPLICATION_SERVER_DOC)
            .define(STATE_DIR_CONFIG, Type.STRING, STATE_DIR_DEFAULT, new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, STATE_DIR_DOC)
            .define(SOURCE_TOPICS_CONFIG, Type.LIST, List.of(), Importance.HIGH, SOURCE_TOPICS_DOC)
            .define(SOURCE_PATTERN_CONFIG, Type.STRING, "", Importance.HIGH, SOURCE_PATTERN_DOC)
            .define(OUTCOMES_TOPIC_CONFIG, Type.STRING, OUTCOMES_TOPIC_DEFAULT, new ConfigDef.NonEmptyString(),
                    Importance.LOW, OUTCOMES_TOPIC_DOC)
            .define(DLQ_PATTERN_CONFIG, Type.STRING, DLQ_PATTERN_DEFAULT, new ConfigDef.NonEmptyString(),
                    Importance.LOW, DLQ_PATTERN_DOC)
            .define(RETENTION_MS_CONFIG, Type.LONG, RETENTION_MS_DEFAULT, Range.atLeast(60_000L),
                    Importance.MEDIUM, RETENTION_MS_DOC)
            .define(STATS_RETENTION_MS_CONFIG, Type.LONG, STATS_RETENTION_MS_DEFAULT,
                    Range.atLeast(MIN_STATS_RETENTION), Importance.LOW, STATS_RETENTION_MS_DOC)
            .define(PARTITIONS_CONFIG, Type.INT, PARTITIONS_DEFAULT, Range.between(1, 1000), Importance.LOW,
                    PARTITIONS_DOC)
            .define(COMMIT_INTERVAL_MS_CONFIG, Type.LONG, COMMIT_INTERVAL_MS_DEFAULT, Range.atLeast(10L),
                    Importance.LOW, COMMIT_INTERVAL_MS_DOC)
            .define(REPLICATION_FACTOR_CONFIG, Type.INT, REPLICATION_FACTOR_DEFAULT, Range.atLeast(-1),
                    Importance.LOW, REPLICATION_FACTOR_DOC);

    /**
     * Parses and validates {@code originals}.
     *
     * @throws ConfigException naming the key, the value and the fix
     */
    public HistoryConfig(Map<String, ?> originals) {
        super(CONFIG_DEF, originals, false);
        sourcePattern();
        Pattern dlq = compile(DLQ_PATTERN_CONFIG, getString(DLQ_PATTERN_CONFIG));
        if (dlq.matcher(getString(OUTCOMES_TOPIC_CONFIG)).matches()) {
            throw new ConfigException(DLQ_PATTERN_CONFIG, dlq.pattern(), "it matches the outcomes topic "
                    + getString(OUTCOMES_TOPIC_CONFIG) + "; narrow it to the dead-letter topics");
        }
        String server = getString(APPLICATION_SERVER_CONFIG);
        if (!server.isEmpty() && !server.matches("[^:]+:\\d{1,5}")) {
            throw new ConfigException(APPLICATION_SERVER_CONFIG, server, "use host:port, e.g. replay-1:8080");
        }
    }

    /** The event source topics as one pattern: the listed topics, or the configured pattern. */
    public Pattern sourcePattern() {
        List<String> topics = getList(SOURCE_TOPICS_CONFIG);
        String pattern = getString(SOURCE_PATTERN_CONFIG);
        if (topics.isEmpty() == pattern.isEmpty()) {
            throw new ConfigException(SOURCE_TOPICS_CONFIG, topics, "set exactly one of " + SOURCE_TOPICS_CONFIG
                    + " and " + SOURCE_PATTERN_CONFIG + " (now " + SOURCE_PATTERN_CONFIG + "='" + pattern + "')");
        }
        Pattern compiled = topics.isEmpty() ? compile(SOURCE_PATTERN_CONFIG, pattern)
                : Pattern.compile(topics.stream().map(Pattern::quote).collect(Collectors.joining("|")));
        for (String internal : List.of(getString(OUTCOMES_TOPIC_CONFIG), "rewind.dlq.x", "rewind.routes",
                "rewind.control")) {
            if (compiled.matcher(internal).matches()) {
                throw new ConfigException(topics.isEmpty() ? SOURCE_PATTERN_CONFIG : SOURCE_TOPICS_CONFIG,
                        topics.isEmpty() ? pattern : topics, "it includes rewind's own topic " + internal
                        + "; list only event source topics");
            }
        }
        return compiled;
    }

    private static Pattern compile(String key, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(key, regex, "not a regular expression: " + e.getDescription());
        }
    }

    /**
     * The Kafka client settings among the originals (security, ...), read by the one
     * {@link ClientSettings} model; they reach every client of the index, the
     * {@value #STREAMS_PREFIX} overrides winning.
     */
    public ClientSettings clientSettings() {
        return ClientSettings.of(originals());
    }

    /**
     * The registry client's settings: {@value #SCHEMA_REGISTRY_URL_CONFIG} and its credentials and TLS
     * settings as Confluent's clients name them. Holds secrets: never log it.
     */
    public Map<String, Object> registryClientConfig() {
        return RegistryCredentials.clientConfig(getString(SCHEMA_REGISTRY_URL_CONFIG), originals());
    }

    /** Kafka Streams overrides given with the {@value #STREAMS_PREFIX} prefix. */
    public Map<String, Object> streamsOverrides() {
        return originalsWithPrefix(STREAMS_PREFIX);
    }
}
