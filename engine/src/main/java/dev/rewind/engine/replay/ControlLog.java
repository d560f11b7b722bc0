package dev.rewind.engine.replay;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.engine.replay.internal.ControlIndex;
import dev.rewind.engine.replay.internal.ControlTopic;
import dev.rewind.schemas.avro.DryRunResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Follows {@code rewind.control} and answers what it says about replays: START and CANCEL
 * commands, per-partition plans and the latest progress of each, dry-run results.
 *
 * <p>A background thread reads the whole topic from the beginning with its own consumer
 * ({@code read_committed}, partitions assigned, no consumer group: it never rebalances and never
 * commits), decoding values in the Confluent wire format with {@code TopicRecordNameStrategy}
 * subjects. Records it cannot decode or does not know (audit entries, newer record types) are
 * ignored. In a loop it notes its local time, fetches the end offsets, reads up to them and then
 * publishes that time as {@link #caughtUpAt()}: everything committed to the topic before then has
 * been read. {@link #awaitCaughtUp} uses it so that a new owner of a partition sees the plan its
 * previous owner committed.
 *
 * <p>Thread-safe.
 */
public final class ControlLog implements AutoCloseable {

    /** The default control topic. */
    public static final String DEFAULT_TOPIC = "rewind.control";

    private final ControlIndex index = new ControlIndex();
    private final ControlTopic.Reader reader;

    /**
     * Settings of a control log.
     *
     * @param clientConfig Kafka client settings, at least {@code bootstrap.servers}; the settings the
     *     log relies on (isolation, no group, no auto-commit) are overridden
     * @param valueDeserializer a configured Avro deserializer for the values (see
     *     {@link ControlRecords#serdeConfig(String)}); closed with the log
     * @param topic the control topic, normally {@value #DEFAULT_TOPIC}
     * @param clock the local clock
     */
    public record Options(Map<String, Object> clientConfig, Deserializer<Object> valueDeserializer, String topic,
            Clock clock) {

        /** Validates and copies. */
        public Options {
            clientConfig = Map.copyOf(clientConfig);
            if (!clientConfig.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
                throw new IllegalArgumentException("Control log client config needs bootstrap.servers");
            }
            Objects.requireNonNull(valueDeserializer, "valueDeserializer");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(clock, "clock");
        }

        /** The default topic and the system clock, with a deserializer for {@code schemaRegistryUrl}. */
        public static Options of(Map<String, Object> clientConfig, String schemaRegistryUrl) {
            return new Options(clientConfig, ControlRecords.deserializer(schemaRegistryUrl), DEFAULT_TOPIC,
                    Clock.systemUTC());
        }

        /** A copy with another topic. */
        public Options withTopic(String value) {
            return new Options(clientConfig, valueDeserializer, value, clock);
        }
    }

    private ControlLog(Options options) {
        this.reader = new ControlTopic.Reader(options.clientConfig(), options.valueDeserializer(), options.topic(),
                options.clock(), index);
    }

    /** Creates the topic if missing (one partition, compacted) and starts following it. */
    public static ControlLog start(Options options) {
        ControlTopic.ensureExists(options.clientConfig(), options.topic());
        ControlLog log = new ControlLog(options);
        log.reader.start();
        return log;
    }

    /** The START command of a replay, if read. */
    public Optional<ReplayRequest> request(ReplayId replayId) {
        return index.request(replayId);
    }

    /** The START commands addressed to one version, in the order they were written. */
    public List<ReplayRequest> requestsFor(ComponentVersion target) {
        return index.requestsFor(target);
    }

    /** Whether a CANCEL was written for the replay. */
    public boolean isCancelled(ReplayId replayId) {
        return index.isCancelled(replayId);
    }

    /** The plan of a replay on one partition, if one was committed. */
    public Optional<ReplayPlan> plan(ReplayId replayId, TopicPartition partition) {
        return index.plan(replayId, partition);
    }

    /** All plans of a replay, by partition. */
    public Map<TopicPartition, ReplayPlan> plans(ReplayId replayId) {
        return index.plans(replayId);
    }

    /** The latest progress of a replay on one partition, if any. */
    public Optional<ReplayStatus> latestStatus(ReplayId replayId, TopicPartition partition) {
        return index.status(replayId, partition);
    }

    /** The latest progress of a replay on each partition that reported. */
    public Map<TopicPartition, ReplayStatus> statuses(ReplayId replayId) {
        return index.statuses(replayId);
    }

    /** The result of a dry run, once its instance has published it. */
    public Optional<DryRunResult> dryRunResult(ReplayId replayId) {
        return index.dryRun(replayId);
    }

    /** A number that grows with every record read: compare two values to notice news cheaply. */
    public long changes() {
        return index.changes();
    }

    /**
     * Everything committed to the topic before this (local) time has been read; {@link Instant#MIN}
     * until the first pass completes.
     */
    public Instant caughtUpAt() {
        return reader.caughtUpAt();
    }

    /**
     * Waits until everything committed to the topic before this call has been read.
     *
     * @return whether it has, {@code false} after the timeout or when closed
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return reader.awaitCaughtUpAfter(reader.now(), timeout);
    }

    /** Stops following the topic and releases the consumer and deserializer. */
    @Override
    public void close() {
        reader.close();
    }
}
