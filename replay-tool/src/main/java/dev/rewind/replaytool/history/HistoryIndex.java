package dev.rewind.replaytool.history;

import dev.rewind.clients.ClientRole;
import dev.rewind.clients.acl.KafkaAccessDenied;
import dev.rewind.protocol.topics.RewindTopics;
import dev.rewind.replaytool.history.internal.AssignmentCache;
import dev.rewind.replaytool.history.internal.IndexAccess;
import dev.rewind.replaytool.history.internal.CohortSlice;
import dev.rewind.replaytool.history.internal.LocalStores;
import dev.rewind.replaytool.history.internal.EventSearch;
import dev.rewind.replaytool.history.internal.Peers;
import dev.rewind.replaytool.history.internal.SourcePartitions;
import dev.rewind.replaytool.history.internal.HistoryTopology;
import dev.rewind.replaytool.history.internal.OutcomeStats;
import dev.rewind.replaytool.history.internal.PayloadDecoder;
import dev.rewind.replaytool.history.internal.ProcessingStores;
import dev.rewind.replaytool.history.internal.StatsKey;
import dev.rewind.replaytool.history.internal.StatsReader;
import dev.rewind.replaytool.history.internal.TopologySettings;
import dev.rewind.schemas.registry.SchemaRegistryClient;
import dev.rewind.schemas.serde.AvroSerdeConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history index: a Kafka Streams application (exactly-once v2) over the event source topics,
 * {@code rewind.outcomes} and the DLQ topics, and the queries on its stores.
 *
 * <p>Lifecycle: {@link #start} starts the application and returns at once; queries throw
 * {@link IndexUnavailableException} until it runs ({@link #awaitRunning}). {@link #close} stops it
 * and keeps the state directory, so the next start resumes from there.
 *
 * <p>Source events are indexed by the task that reads their partition, never repartitioned; the
 * guarantee is Kafka Streams' exactly-once v2, so the per-partition stores, their changelogs and the
 * consumed offsets commit together and a restart resumes from the local checkpoint (or restores the
 * changelogs) without re-reading the source topics.
 *
 * <p>With several instances (same application id, each with its own
 * {@value HistoryConfig#APPLICATION_SERVER_CONFIG}), a listing gathers the other instances'
 * partitions through {@link Peers}; a lookup by event id whose processings another instance holds
 * throws {@link KeyElsewhereException}, and the HTTP layer forwards it. Thread-safe.
 */
public final class HistoryIndex implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(HistoryIndex.class);

    private final KafkaStreams streams;
    private final SourcePartitions sources;
    private final ProcessingStores processings;
    private final AssignmentCache<Set<HostInfo>> others;
    private final HostInfo self;
    private final SchemaRegistryClient registry;
    private final PayloadDecoder payloads;
    private final Clock clock;
    private final IndexAccess access;

    private HistoryIndex(KafkaStreams streams, LocalStores local, int partitions, HostInfo self,
                         SchemaRegistryClient registry, Clock clock, IndexAccess access) {
        this.streams = streams;
        this.access = access;
        this.sources = new SourcePartitions(streams, local);
        this.processings = new ProcessingStores(streams, local, partitions);
        this.others = new AssignmentCache<>(this::resolveOtherInstances);
        this.self = self;
        this.registry = registry;
        this.payloads = new PayloadDecoder(registry);
        this.clock = clock;
        // the other instances are resolved once per assignment: every state change may change them
        streams.setStateListener((newState, oldState) -> {
            others.invalidate();
            if (newState == KafkaStreams.State.RUNNING) {
                checkInternalTopicsSoon();
            }
        });
    }

    /** Builds and starts the index with the registry client {@code config} names. */
    public static HistoryIndex start(HistoryConfig config) {
        SchemaRegistryClient registry = new AvroSerdeConfig(config.registryClientConfig()).createRegistryClient();
        return start(config, registry, Clock.systemUTC());
    }

    /** Builds and starts the index with the given registry client and clock (for tests). */
    public static HistoryIndex start(HistoryConfig config, SchemaRegistryClient registry, Clock clock) {
        TopologySettings settings = new TopologySettings(config.sourcePattern(),
                config.getString(HistoryConfig.OUTCOMES_TOPIC_CONFIG),
                java.util.regex.Pattern.compile(config.getString(HistoryConfig.DLQ_PATTERN_CONFIG)),
                Duration.ofMillis(config.getLong(HistoryConfig.RETENTION_MS_CONFIG)),
                Duration.ofMillis(config.getLong(HistoryConfig.STATS_RETENTION_MS_CONFIG)),
                config.getInt(HistoryConfig.PARTITIONS_CONFIG));
        LocalStores local = new LocalStores();
        Topology topology = HistoryTopology.build(settings, registry, local);
        IndexAccess access = new IndexAccess(adminConfig(config), config.getString(HistoryConfig.APPLICATION_ID_CONFIG),
                readTopics(config));
        try {
            access.requireReadable();
        } catch (RuntimeException e) {
            access.close();
            throw e;
        }
        KafkaStreams streams = new KafkaStreams(topology, streamsProperties(config));
        String server = config.getString(HistoryConfig.APPLICATION_SERVER_CONFIG);
        HostInfo self = server.isEmpty() ? null : HostInfo.buildFromEndpoint(server);
        streams.setUncaughtExceptionHandler(e -> {
            if (KafkaAccessDenied.isDenied(e)) {
                // a missing ACL stays missing: a replaced thread would fail the same way for ever
                LOGGER.atError().setCause(e).log(access.explain(e).getMessage() + "; the history index stops");
                return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                        .SHUTDOWN_CLIENT;
            }
            LOGGER.atError().setCause(e).log("history index stream thread failed; replacing it");
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
        });
        HistoryIndex index = new HistoryIndex(streams, local, settings.partitions(), self, registry, clock, access);
        streams.start();
        LOGGER.atInfo().addKeyValue("applicationId", config.getString(HistoryConfig.APPLICATION_ID_CONFIG))
                .addKeyValue("stateDir", config.getString(HistoryConfig.STATE_DIR_CONFIG))
                .log("history index started");
        return index;
    }

    /** The admin settings of the index's access checks: its client settings with its Streams overrides. */
    private static Map<String, Object> adminConfig(HistoryConfig config) {
        Map<String, Object> admin = new java.util.HashMap<>(config.clientSettings().config(ClientRole.ADMIN,
                config.getString(HistoryConfig.APPLICATION_ID_CONFIG) + "-access"));
        config.streamsOverrides().forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                admin.put(key, value);
            }
        });
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                String.join(",", config.getList(HistoryConfig.BOOTSTRAP_SERVERS_CONFIG)));
        return admin;
    }

    /**
     * The topics the index reads by name: the listed sources (not a pattern's), the outcomes topic, and a name under
     * the dead-letter prefix that no component uses: the broker answers a topic its principal may not describe with
     * an authorization error whether or not it exists, so this tells whether the prefix may be read before any
     * dead-letter topic exists (a pattern subscription would skip them without a word).
     */
    private static List<String> readTopics(HistoryConfig config) {
        List<String> topics = new java.util.ArrayList<>(config.getList(HistoryConfig.SOURCE_TOPICS_CONFIG));
        topics.add(config.getString(HistoryConfig.OUTCOMES_TOPIC_CONFIG));
        String dlqProbe = RewindTopics.DLQ_PREFIX + config.getString(HistoryConfig.APPLICATION_ID_CONFIG)
                + "-access-probe";
        if (java.util.regex.Pattern.compile(config.getString(HistoryConfig.DLQ_PATTERN_CONFIG)).matcher(dlqProbe)
                .matches()) {
            topics.add(dlqProbe);
        }
        return topics;
    }

    /**
     * Checks, off the stream thread, the operations on the internal topics that exist once the index runs: Kafka
     * Streams only logs a denied purge of a repartition topic.
     */
    private void checkInternalTopicsSoon() {
        Thread check = new Thread(() -> access.checkInternalTopics().ifPresent(denied -> {
            LOGGER.atError().log(denied.getMessage() + "; the history index stops");
            streams.close(Duration.ofSeconds(30));
        }), "history-index-access-check");
        check.setDaemon(true);
        check.start();
    }

    /** Queries of an index that Kafka denied answer with the sentence that names the ACL. */
    private void requireNotDenied() {
        access.denied().ifPresent(denied -> {
            throw new IndexUnavailableException(denied.getMessage(), denied);
        });
    }

    private static Properties streamsProperties(HistoryConfig config) {
        Properties props = new Properties();
        // the one client model: Streams reads the same consumer./restore.consumer./producer./admin. prefixes
        props.putAll(config.clientSettings().asWritten());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.getString(HistoryConfig.APPLICATION_ID_CONFIG));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                String.join(",", config.getList(HistoryConfig.BOOTSTRAP_SERVERS_CONFIG)));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.getString(HistoryConfig.STATE_DIR_CONFIG));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getLong(HistoryConfig.COMMIT_INTERVAL_MS_CONFIG));
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.getInt(HistoryConfig.REPLICATION_FACTOR_CONFIG));
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        // a pattern subscription must notice new source and DLQ topics soon
        props.put(StreamsConfig.consumerPrefix("metadata.max.age.ms"), 10_000);
        String server = config.getString(HistoryConfig.APPLICATION_SERVER_CONFIG);
        if (!server.isEmpty()) {
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server);
        }
        dev.rewind.replaytool.history.internal.IndexErrorHandler.register(props);
        props.putAll(config.streamsOverrides());
        return props;
    }

    /**
     * Binds the index's Kafka Streams metrics (records processed, commit latency, state-store and
     * client metrics) and a {@code rewind.history.running} gauge to {@code registry}.
     *
     * @return closes the binding; close it before the index
     */
    public AutoCloseable bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics binder =
                new io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics(streams);
        binder.bindTo(registry);
        io.micrometer.core.instrument.Gauge.builder("rewind.history.running", this, i -> i.isRunning() ? 1 : 0)
                .description("1 while the history index runs and can answer queries").register(registry);
        io.micrometer.core.instrument.Gauge.builder("rewind.history.records.dropped", () ->
                        dev.rewind.replaytool.history.internal.IndexErrorHandler.dropped().values().stream()
                                .mapToLong(Long::longValue).sum())
                .description("Records the history index dropped because reading, processing or writing them"
                        + " fails the same way on every retry").register(registry);
        return binder;
    }

    /** True once the application runs (and its stores can be queried). */
    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** The Streams state, for health checks. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The registry the index decodes with, for ingestion. */
    public SchemaRegistryClient registry() {
        return registry;
    }

    /** Decodes stored payloads to JSON. */
    public PayloadDecoder payloads() {
        return payloads;
    }

    /**
     * One page of a cohort's events: the entries of every source partition, here and on the other
     * instances ({@code peers}), merged newest first.
     *
     * @throws IndexUnavailableException while the index starts or rebalances
     */
    public EventPage events(EventQuery query, Peers peers) {
        Set<HostInfo> instances = otherInstances();
        return guarded(() -> new EventSearch((key, from, upper, max) -> {
            List<CohortSlice> parts = new java.util.ArrayList<>();
            parts.add(sources.slice(key, from, upper, max));
            instances.forEach(peer -> parts.add(peers.slice(peer, key, from, upper, max)));
            return CohortSlice.merge(parts, max);
        }, sources::record, eventId -> {
            try {
                return processed(eventId).orElse(null);
            } catch (KeyElsewhereException e) {
                return peers.history(e.owner(), eventId).orElse(null);
            }
        }).search(query));
    }

    /** One page of a cohort's events from this instance alone (a single instance). */
    public EventPage events(EventQuery query) {
        return events(query, Peers.NONE);
    }

    /**
     * Everything known about one event: its record (from whichever instance indexes its source
     * partition) joined with its processings and dead letters.
     *
     * @throws KeyElsewhereException when another instance holds its processings
     */
    public Optional<EventHistory> event(String eventId, Peers peers) {
        EventHistory processed = processed(eventId).orElse(null);
        Optional<EventHistory> record = localRecord(eventId);
        if (record.isEmpty()) {
            for (HostInfo peer : otherInstances()) {
                record = peers.record(peer, eventId);
                if (record.isPresent()) {
                    break;
                }
            }
        }
        return Optional.ofNullable(EventSearch.combine(record.orElse(null), processed));
    }

    /** {@link #event(String, Peers)} on this instance alone. */
    public Optional<EventHistory> event(String eventId) {
        return event(eventId, Peers.NONE);
    }

    /**
     * The processings and dead letters of one event, from the store keyed by event id.
     *
     * @throws KeyElsewhereException when another instance holds it
     */
    public Optional<EventHistory> processed(String eventId) {
        ReadOnlyKeyValueStore<String, EventHistory> local = guarded(() ->
                processings.local(processings.partitionOf(eventId)));
        if (local != null) {
            return Optional.ofNullable(guarded(() -> local.get(eventId)));
        }
        if (self == null) {
            // a single instance: the partition holding the id is not here, so nothing about it is either
            return Optional.empty();
        }
        // another instance holds it: Streams' metadata names which (or says it is rebalancing)
        ReadOnlyKeyValueStore<String, EventHistory> store = store(HistoryTopology.EVENT_STORE, eventId,
                QueryableStoreTypes.keyValueStore());
        return Optional.ofNullable(guarded(() -> store.get(eventId)));
    }

    /** The record of one event if a source partition of this instance holds it. */
    public Optional<EventHistory> localRecord(String eventId) {
        return guarded(() -> sources.record(eventId));
    }

    /** This instance's slice of a cohort's entries, each with its record, for another instance's listing. */
    public CohortSlice localSlice(String key, long from, long upper, int max) {
        return guarded(() -> sources.sliceWithRecords(key, from, upper, max));
    }

    /**
     * Outcome statistics of every version of {@code component} seen in the window.
     *
     * @param by the cohort dimension to slice by, or null
     * @throws KeyElsewhereException when another instance holds the component's statistics
     */
    public List<VersionStats> versionStats(String component, StatsWindow window, CohortDimension by) {
        String key = StatsKey.rangeStart(component);
        ReadOnlyWindowStore<String, OutcomeStats> store = storeFor(HistoryTopology.STATS_STORE,
                locate(HistoryTopology.STATS_STORE, streams.queryMetadataForKey(HistoryTopology.STATS_STORE, key,
                        StatsKey.PARTITIONER)), QueryableStoreTypes.windowStore());
        return guarded(() -> new StatsReader(store).versions(component, window, by, clock.instant()));
    }

    /**
     * Outcome statistics of every version of {@code component} in the one-minute windows overlapping
     * {@code [from, to]} (the statistics' resolution: a span of seconds gets its whole minutes).
     *
     * @param by the cohort dimension to slice by, or null
     * @throws KeyElsewhereException when another instance holds the component's statistics
     */
    public List<VersionStats> versionStats(String component, Instant from, Instant to, CohortDimension by) {
        String key = StatsKey.rangeStart(component);
        ReadOnlyWindowStore<String, OutcomeStats> store = storeFor(HistoryTopology.STATS_STORE,
                locate(HistoryTopology.STATS_STORE, streams.queryMetadataForKey(HistoryTopology.STATS_STORE, key,
                        StatsKey.PARTITIONER)), QueryableStoreTypes.windowStore());
        return guarded(() -> new StatsReader(store).versions(component, from, to, by));
    }

    /** Components with statistics in this instance's stores. */
    public Set<String> localComponents() {
        ReadOnlyWindowStore<String, OutcomeStats> store = storeFor(HistoryTopology.STATS_STORE, null,
                QueryableStoreTypes.windowStore());
        return guarded(() -> new StatsReader(store).components());
    }

    /** The other instances of this index (empty for a single instance). */
    public Set<HostInfo> otherInstances() {
        return self == null ? Set.of() : others.get();
    }

    private Set<HostInfo> resolveOtherInstances() {
        return streams.metadataForAllStreamsClients().stream().map(StreamsMetadata::hostInfo)
                .filter(h -> !h.equals(self)).collect(Collectors.toUnmodifiableSet());
    }

    /** The current time of the index's clock. */
    public Instant now() {
        return clock.instant();
    }

    private <T> T store(String storeName, String key, QueryableStoreType<T> type) {
        Integer partition = self == null ? null
                : locate(storeName, streams.queryMetadataForKey(storeName, key, Serdes.String().serializer()));
        return storeFor(storeName, partition, type);
    }

    /** The local partition holding the key, or an exception naming where it is. */
    private Integer locate(String storeName, KeyQueryMetadata metadata) {
        requireNotDenied();
        if (self == null) {
            return null;
        }
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new IndexUnavailableException("the history index is starting or rebalancing (" + storeName
                    + " has no owner yet); retry in a few seconds", null);
        }
        if (!metadata.activeHost().equals(self)) {
            throw new KeyElsewhereException(metadata.activeHost());
        }
        return metadata.partition();
    }

    private <T> T storeFor(String storeName, Integer partition, QueryableStoreType<T> type) {
        requireNotDenied();
        StoreQueryParameters<T> params = StoreQueryParameters.fromNameAndType(storeName, type);
        try {
            return streams.store(partition == null ? params : params.withPartition(partition));
        } catch (InvalidStateStoreException e) {
            throw new IndexUnavailableException("the history index is " + streams.state().name().toLowerCase()
                    + " and cannot answer yet; retry in a few seconds", e);
        }
    }

    private <T> T guarded(java.util.function.Supplier<T> query) {
        requireNotDenied();
        try {
            return query.get();
        } catch (InvalidStateStoreException e) {
            throw new IndexUnavailableException("the history index is rebalancing; retry in a few seconds", e);
        }
    }

    /** Waits until the application runs. */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isRunning()) {
            if (access.denied().isPresent()) {
                throw new IllegalStateException("history index stopped: " + access.denied().get().getMessage(),
                        access.denied().get());
            }
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("history index did not reach RUNNING within " + timeout
                        + "; state " + streams.state());
            }
            // polling a state that has no listener of ours; 50 ms is cheap and short
            Thread.sleep(50);
        }
    }

    /**
     * Stops the application and leaves the group, so other instances take over its partitions at
     * once rather than after the session timeout; the state directory stays for the next start.
     */
    @Override
    public void close() {
        streams.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(30)).leaveGroup(true));
        access.close();
        LOGGER.atInfo().log("history index stopped");
    }
}
