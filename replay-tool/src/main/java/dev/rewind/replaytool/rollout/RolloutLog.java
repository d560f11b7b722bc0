package dev.rewind.replaytool.rollout;

import dev.rewind.clients.ClientRole;
import dev.rewind.clients.ClientSettings;
import dev.rewind.protocol.control.ControlLog;
import dev.rewind.protocol.control.ControlRecords;
import dev.rewind.protocol.log.LogFollower;
import dev.rewind.protocol.topics.RewindTopics;
import dev.rewind.protocol.topics.TopicAdmin;
import dev.rewind.replaytool.Rejection;
import dev.rewind.replaytool.rollout.internal.RolloutCodec;
import dev.rewind.schemas.avro.RolloutRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rollouts on {@value RewindTopics#ROLLOUTS}: one record per rollout id holding its whole state
 * ({@link RolloutRecord}), read from the beginning by the protocol's {@link LogFollower} as the control and
 * audit logs are, and written by one transactional producer with the fixed id
 * {@value RewindTopics#ROLLOUTS_TRANSACTIONAL_ID}.
 *
 * <p>Single writer: {@code initTransactions} at start fences any other service instance's producer with
 * that id, as Kafka Connect's leader fences zombie writers of its config topic. A fenced instance's writes
 * fail ({@link #fenced()}), so at any time one instance, the last started, drives and changes rollouts.
 * Each write returns once the follower has read it back (read your writes).
 *
 * <p>Thread-safe.
 */
public final class RolloutLog implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(RolloutLog.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Serializer<Object> serializer;
    private final Map<RolloutId, Rollout> rollouts = new LinkedHashMap<>();
    private final LogFollower<String, Object> follower;
    private volatile boolean fenced;

    private RolloutLog(String topic, ClientSettings clients, Map<String, ?> registryConfig) {
        this.topic = topic;
        this.serializer = ControlRecords.serializer(registryConfig);
        this.follower = LogFollower.start(LogFollower.Options.of(topic,
                        clients.readerConfig("rewind-service-rollouts-reader"), new StringDeserializer(),
                        ControlRecords.deserializer(registryConfig)).alsoTransient(ControlLog::registryUnreachable),
                (raw, key, value) -> apply(key, value));
        KafkaProducer<byte[], byte[]> created = null;
        try {
            created = new KafkaProducer<>(clients.config(ClientRole.PRODUCER, "rewind-service-rollouts-writer",
                    Map.of(ProducerConfig.LINGER_MS_CONFIG, 0),
                    Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, RewindTopics.ROLLOUTS_TRANSACTIONAL_ID,
                            ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)),
                    new ByteArraySerializer(), new ByteArraySerializer());
            created.initTransactions();
        } catch (RuntimeException e) {
            if (created != null) {
                created.close(Duration.ZERO);
            }
            follower.close();
            throw e;
        }
        this.producer = created;
    }

    /**
     * Ensures {@value RewindTopics#ROLLOUTS}, starts following it and takes over writing it.
     *
     * @param admin an admin client (not closed here)
     * @param clients the service's Kafka client settings
     * @param registryConfig {@code schema.registry.url} and the registry client's credentials and TLS settings
     */
    public static RolloutLog start(Admin admin, ClientSettings clients, Map<String, ?> registryConfig) {
        TopicAdmin.ensure(admin, RewindTopics.rollouts());
        return new RolloutLog(RewindTopics.ROLLOUTS, clients, registryConfig);
    }

    private void apply(String key, Object value) {
        synchronized (rollouts) {
            if (value == null) {
                rollouts.remove(new RolloutId(key));
            } else if (value instanceof RolloutRecord record) {
                Rollout rollout = RolloutCodec.decode(record);
                rollouts.put(rollout.id(), rollout);
            }
        }
    }

    /**
     * Writes the rollout's whole state in one transaction and returns once it is read back.
     *
     * @throws Rejection.Unavailable when Kafka does not acknowledge in time, or when another service
     *     instance has taken over writing rollouts (this one is fenced)
     */
    public synchronized void write(Rollout rollout) {
        if (fenced) {
            throw fencedRejection();
        }
        byte[] key = rollout.id().value().getBytes(StandardCharsets.UTF_8);
        try {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, key, serializer.serialize(topic, RolloutCodec.encode(rollout))));
            producer.commitTransaction();
            if (!follower.awaitCaughtUp(WRITE_TIMEOUT)) {
                throw unavailable("the rollout log did not read the write back within " + WRITE_TIMEOUT);
            }
        } catch (ProducerFencedException e) {
            fenced = true;
            LOGGER.atWarn().addKeyValue("topic", topic).log("Another replay service instance took over writing"
                    + " rollouts; this one stops driving them");
            throw fencedRejection();
        } catch (KafkaException e) {
            try {
                producer.abortTransaction();
            } catch (KafkaException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw unavailable(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    /**
     * Checks that this instance still writes rollouts.
     *
     * @throws Rejection.Unavailable when another instance has fenced it
     */
    public void requireWriter() {
        if (fenced) {
            throw fencedRejection();
        }
    }

    /** Whether another service instance has taken over writing rollouts. */
    public boolean fenced() {
        return fenced;
    }

    private RuntimeException fencedRejection() {
        return Rejection.unavailable("Another replay service instance has taken over rollouts (transactional id "
                + RewindTopics.ROLLOUTS_TRANSACTIONAL_ID + "); send the request to the instance started last.");
    }

    private RuntimeException unavailable(String why) {
        return Rejection.unavailable("Writing to " + topic + " failed (" + why
                + "); check that Kafka and the schema registry are reachable, then retry.");
    }

    /** One rollout. */
    public Optional<Rollout> get(RolloutId id) {
        synchronized (rollouts) {
            return Optional.ofNullable(rollouts.get(id));
        }
    }

    /** Every rollout, newest first. */
    public List<Rollout> all() {
        synchronized (rollouts) {
            return rollouts.values().stream().sorted(Comparator.comparing(Rollout::createdAt).reversed()).toList();
        }
    }

    /**
     * Waits until the log has read the topic to its current end (for start-up).
     *
     * @throws IllegalStateException when it has not within {@code timeout}
     */
    public RolloutLog awaitCaughtUp(Duration timeout) {
        try {
            if (!follower.awaitCaughtUp(timeout)) {
                throw new IllegalStateException("Could not read " + topic + " to its end within " + timeout
                        + "; check that Kafka and the schema registry are reachable");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading " + topic, e);
        }
        return this;
    }

    /** Stops following and closes the producer. */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        follower.close();
        serializer.close();
    }
}
