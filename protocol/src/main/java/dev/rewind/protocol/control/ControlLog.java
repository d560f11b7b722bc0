package dev.rewind.protocol.control;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.protocol.log.LogFollower;
import dev.rewind.protocol.topics.RewindTopics;
import dev.rewind.protocol.topics.TopicAdmin;
import dev.rewind.schemas.registry.SchemaRegistryException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code rewind.control} into a {@link ControlIndex}: the view every engine instance and the replay
 * service keep of replays (protocol/REPLAY-PROTOCOL.md). Built on {@link LogFollower}: the whole topic from the beginning,
 * {@code read_committed}, no consumer group. Records with keys of kind {@link ControlKey.Kind#OTHER} or values not
 * of their key's kind are ignored; a value that cannot be decoded is logged and skipped, except while the schema
 * registry cannot be reached: then the record is read again after a back-off, never skipped, since a lost START
 * or plan would change what a replay does.
 *
 * <p>Thread-safe.
 */
public final class ControlLog implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(ControlLog.class);

    private final ControlIndex index = new ControlIndex();
    private final LogFollower<byte[], Object> follower;

    /**
     * Settings of a control log.
     *
     * @param clientConfig Kafka client settings, at least {@code bootstrap.servers}
     * @param valueDeserializer a configured Avro deserializer for the values (see
     *     {@link ControlRecords#deserializer(String)}); closed with the log
     * @param topic the control topic, normally {@value RewindTopics#CONTROL}
     */
    public record Options(Map<String, Object> clientConfig, Deserializer<Object> valueDeserializer, String topic) {

        /** Validates and copies. */
        public Options {
            clientConfig = Map.copyOf(clientConfig);
            if (!clientConfig.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
                throw new IllegalArgumentException("Control log client config needs bootstrap.servers");
            }
            Objects.requireNonNull(valueDeserializer, "valueDeserializer");
            Objects.requireNonNull(topic, "topic");
        }

        /** The default topic with a deserializer for {@code schemaRegistryUrl}. */
        public static Options of(Map<String, Object> clientConfig, String schemaRegistryUrl) {
            return new Options(clientConfig, ControlRecords.deserializer(schemaRegistryUrl), RewindTopics.CONTROL);
        }

        /** A copy with another topic. */
        public Options withTopic(String value) {
            return new Options(clientConfig, valueDeserializer, value);
        }
    }

    private ControlLog(Options options) {
        LogFollower.Options<byte[], Object> followerOptions = LogFollower.Options.of(options.topic(),
                options.clientConfig(), new ByteArrayDeserializer(), options.valueDeserializer())
                .alsoTransient(ControlLog::registryUnreachable);
        this.follower = LogFollower.start(followerOptions, this::apply);
    }

    /** Ensures the topic ({@link RewindTopics#control(String)}) and starts following it. */
    public static ControlLog start(Options options) {
        TopicAdmin.ensure(options.clientConfig(), RewindTopics.control(options.topic()));
        return new ControlLog(options);
    }

    private void apply(ConsumerRecord<byte[], byte[]> raw, byte[] keyBytes, Object value) {
        ControlKey key = ControlKey.parse(keyBytes);
        if (key.kind() == ControlKey.Kind.OTHER) {
            return;
        }
        if (value == null) {
            index.remove(key);
            return;
        }
        Optional<ControlValue> decoded = ControlValue.fromAvro(key, value);
        if (decoded.isPresent()) {
            index.apply(decoded.get());
        } else {
            LOGGER.atWarn().addKeyValue("topic", raw.topic()).addKeyValue("offset", raw.offset())
                    .addKeyValue("key", key.encode()).addKeyValue("valueType", value.getClass().getSimpleName())
                    .log("Ignoring a control record whose value is not of its key's kind");
        }
    }

    /** Whether the failure is the schema registry not answering (as opposed to it saying "no such schema"). */
    public static boolean registryUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException registry) {
                return !registry.isNotFound() && registry.httpStatus() != 404;
            }
        }
        return false;
    }

    /** The index read so far. */
    public ControlIndex index() {
        return index;
    }

    /** The START command of a replay, if read. */
    public Optional<StartReplay> request(ReplayId replayId) {
        return index.start(replayId);
    }

    /** The START commands addressed to one version, in the order they were written. */
    public List<StartReplay> requestsFor(ComponentVersion target) {
        return index.startsFor(target);
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
    public Optional<ReplayProgress> progress(ReplayId replayId, TopicPartition partition) {
        return index.progress(replayId, partition);
    }

    /** The latest progress of a replay on each partition that reported. */
    public Map<TopicPartition, ReplayProgress> progress(ReplayId replayId) {
        return index.progress(replayId);
    }

    /** The report of a dry run, once its instance has published it. */
    public Optional<DryRunReport> dryRunReport(ReplayId replayId) {
        return index.dryRun(replayId);
    }

    /** A number that grows with every record read: compare two values to notice news cheaply. */
    public long changes() {
        return index.changes();
    }

    /**
     * Waits until everything committed to the topic before this call has been read.
     *
     * @return whether it has, {@code false} after the timeout or when closed
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    /**
     * {@link #awaitCaughtUp} for start-up, where not catching up is fatal ({@link LogFollower#requireCaughtUp}).
     *
     * @throws IllegalStateException when it has not within {@code timeout} (naming the topic and what to
     *     check), when interrupted, or when Kafka refused access
     */
    public void requireCaughtUp(Duration timeout) {
        follower.requireCaughtUp(timeout);
    }

    /**
     * Throws when Kafka denied reading the topic: the log then no longer follows it.
     *
     * @throws IllegalStateException naming the topic and the ACL to add
     */
    public void requireNotDenied() {
        follower.requireNotDenied();
    }

    /** Stops following the topic and releases the consumer and deserializer. */
    @Override
    public void close() {
        follower.close();
    }
}
