package dev.rewind.replaytool.history.internal;

import dev.rewind.replaytool.history.VersionStats;
import dev.rewind.replaytool.history.CohortKey;
import dev.rewind.replaytool.history.EventHistory;
import dev.rewind.replaytool.history.EventRef;
import dev.rewind.replaytool.history.Processing;
import dev.rewind.replaytool.history.ProcessingStatus;
import dev.rewind.schemas.registry.SchemaRegistryClient;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.schemas.serde.EventProjection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.Stores;

/**
 * The history index as a Kafka Streams topology (exactly-once v2, so every store below moves with
 * the input offsets it reflects).
 *
 * <ul>
 *   <li>{@link #COHORT_STORE}: window store, key {@code customer:acme}, window start = event time,
 *       value the event id; duplicates kept so every event of a cohort at the same millisecond
 *       stays.</li>
 *   <li>{@link #EVENT_RECORD_STORE}: window store, key event id, window start = event time, value
 *       the {@link IndexedEvent} (coordinates, cohort, raw payload).</li>
 *   <li>{@link #EVENT_STORE}: key-value store, event id to the {@link EventHistory} of its
 *       processings and dead letters (its payload is always null).</li>
 *   <li>{@link #STATS_STORE}: 1-minute tumbling windows of {@link OutcomeStats} keyed by
 *       {@link StatsKey}, partitioned by component; dead letters of no version count under version
 *       {@link VersionStats#NO_VERSION} (the unroutable records).</li>
 * </ul>
 * The first two are filled by the task that reads the source partition ({@link EventIndexer}):
 * source events are never repartitioned, so a query asks the stores of every source partition
 * (locally and on the other instances) and merges their answers ({@link CohortSlice}). Outcomes
 * and dead letters, keyed by producers in ways the index cannot rely on, are repartitioned by
 * event id as before.
 * All stores are RocksDB-backed and changelogged, so an instance that restarts with the same state
 * directory resumes from its checkpoint, and one without it restores from the changelogs; neither
 * re-reads the source topics.
 */
public final class HistoryTopology {

    /** Named apart from the cohort store of the repartitioning design, whose values and partitioning differ. */
    public static final String COHORT_STORE = "history-cohort-index";
    public static final String EVENT_RECORD_STORE = "history-event-records";
    /** The processor that indexes source events, in the sub-topology whose tasks own the source partitions. */
    public static final String INDEX_PROCESSOR = "index-events";
    public static final String EVENT_STORE = "history-by-event";
    /** The processor that folds outcomes and dead letters into {@link #EVENT_STORE}. */
    public static final String EVENT_HISTORY_PROCESSOR = "write-event-history";
    public static final String STATS_STORE = "history-outcome-stats";
    public static final Duration STATS_WINDOW = Duration.ofMinutes(1);
    public static final Duration STATS_GRACE = Duration.ofMinutes(1);

    private static final Serde<String> STRING = Serdes.String();

    private HistoryTopology() {
    }

    /**
     * Builds the topology; source events are read through an {@link EventProjection} of
     * {@code registry} (their id and cohort, not the whole payload), outcomes and DLQ entries through
     * an Avro deserializer per task.
     */
    public static Topology build(TopologySettings settings, SchemaRegistryClient registry) {
        return build(settings, registry, new LocalStores());
    }

    /** {@link #build(TopologySettings, SchemaRegistryClient)}, its tasks registering their stores in {@code local}. */
    public static Topology build(TopologySettings settings, SchemaRegistryClient registry, LocalStores local) {
        Supplier<Deserializer<Object>> deserializers = () -> new AvroDeserializer(registry);
        EventProjection projection = new EventProjection(registry);
        StreamsBuilder builder = new StreamsBuilder();
        Consumed<Bytes, byte[]> raw = Consumed.with(Serdes.Bytes(), Serdes.ByteArray());

        builder.addStateStore(Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(COHORT_STORE, settings.cohortRetention(), Duration.ofMillis(1), true),
                        STRING, STRING)
                .withCachingDisabled());
        builder.addStateStore(Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(EVENT_RECORD_STORE, settings.cohortRetention(),
                                Duration.ofMillis(1), false),
                        STRING, IndexedEvent.serde())
                .withCachingDisabled());
        builder.stream(settings.sourcePattern(), raw.withName("events"))
                .process(() -> new EventIndexer(projection, local), Named.as(INDEX_PROCESSOR), COHORT_STORE,
                        EVENT_RECORD_STORE);
        KStream<String, HistoryUpdate> outcomes = builder
                .stream(Pattern.compile(Pattern.quote(settings.outcomesTopic())), raw.withName("outcomes"))
                .process(() -> new OutcomeDecoder(deserializers), Named.as("decode-outcomes"));
        KStream<String, HistoryUpdate> deadLetters = builder.stream(settings.dlqPattern(), raw.withName("dlq"))
                .process(() -> new DlqDecoder(deserializers), Named.as("decode-dlq"));

        indexByEvent(builder, settings, outcomes.merge(deadLetters.filter((eventId, update) -> eventId != null,
                Named.as("dlq-of-events"))), local);
        // what was dead-lettered on behalf of no version counts once, as the component's unroutable records
        aggregateStats(settings, outcomes.merge(deadLetters.filter((eventId, update) ->
                update.dlq().version().equals(VersionStats.NO_VERSION), Named.as("dlq-of-no-version"))));
        return builder.build();
    }

    private static void indexByEvent(StreamsBuilder builder, TopologySettings settings,
                                     KStream<String, HistoryUpdate> updates, LocalStores local) {
        // cached: an event's outcomes (several versions, a replay) often arrive within one commit interval,
        // so the cache folds them into one RocksDB write and one changelog record
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EVENT_STORE),
                STRING, StoreFormat.serde(EventHistory.class)).withCachingEnabled());
        updates.repartition(Repartitioned.<String, HistoryUpdate>as("history-event")
                        .withKeySerde(STRING).withValueSerde(StoreFormat.serde(HistoryUpdate.class))
                        .withNumberOfPartitions(settings.partitions()))
                .process(() -> new EventHistoryWriter(settings.cohortRetention(), local), Named.as(EVENT_HISTORY_PROCESSOR),
                        EVENT_STORE);
    }

    private static void aggregateStats(TopologySettings settings, KStream<String, HistoryUpdate> outcomes) {
        Serde<OutcomeSample> samples = StoreFormat.serde(OutcomeSample.class);
        outcomes.flatMap((eventId, update) -> statsKeys(update), Named.as("by-version"))
                .repartition(Repartitioned.<String, OutcomeSample>as("history-stats")
                        .withKeySerde(STRING).withValueSerde(samples)
                        .withNumberOfPartitions(settings.partitions())
                        .withStreamPartitioner(StatsKey.PARTITIONER::partitions))
                .groupByKey(Grouped.with(STRING, samples))
                .windowedBy(TimeWindows.ofSizeAndGrace(STATS_WINDOW, STATS_GRACE))
                .aggregate(OutcomeStats::new, (key, sample, stats) -> stats.add(sample),
                        Named.as("aggregate-stats"),
                        Materialized.<String, OutcomeStats>as(Stores.persistentWindowStore(STATS_STORE,
                                        settings.statsRetention(), STATS_WINDOW, false))
                                .withKeySerde(STRING).withValueSerde(StoreFormat.serde(OutcomeStats.class)));
    }

    private static List<KeyValue<String, OutcomeSample>> statsKeys(HistoryUpdate update) {
        if (update.dlq() != null) {
            return List.of(KeyValue.pair(new StatsKey(update.dlq().component(), VersionStats.NO_VERSION, null).encode(),
                    new OutcomeSample(false, 0)));
        }
        Processing p = update.processing();
        if (p.status() == ProcessingStatus.SKIPPED_DUP) {
            return List.of();
        }
        OutcomeSample sample = new OutcomeSample(p.status() == ProcessingStatus.ERROR, p.duration().toNanos() / 1000);
        List<KeyValue<String, OutcomeSample>> keyed = new ArrayList<>(4);
        keyed.add(KeyValue.pair(new StatsKey(p.component(), p.version(), null).encode(), sample));
        for (CohortKey key : update.cohort().keys()) {
            keyed.add(KeyValue.pair(new StatsKey(p.component(), p.version(), key).encode(), sample));
        }
        return keyed;
    }
}
