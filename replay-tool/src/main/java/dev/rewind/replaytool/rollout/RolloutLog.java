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
import org.apache.kafka.common.errors.InvalidProducerEpochException;
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
 * that id, as Kafka Connect's leader fences zombie writers of its config topic. A fenced instance's driver
 * stops ({@link #fenced()}); an operator's change sent to any instance first takes the id ({@link #acquire()}),
 * reading the log to its end before the change is computed, so every write is made on the state the
 * previous writer left, and only the instance that wrote last drives rollouts. Each write returns once the
 * follower has read it back (read your writes).
 *
 * <p>Thread-safe.
 */
public final class RolloutLog implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(RolloutLog.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final Map<String, Object> producerConfig;
    private KafkaProducer<byte[], byte[]> producer;
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
        this.producerConfig = clients.config(ClientRole.PRODUCER, "rewind-service-rollouts-writer",
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 0),
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, RewindTopics.ROLLOUTS_TRANSACTIONAL_ID,
                        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
        try {
            this.producer = writer();
        } catch (RuntimeException e) {
            follower.close();
            throw e;
        }
    }

    /** A producer that holds the transactional id: its {@code initTransactions} fences every earlier one. */
    private KafkaProducer<byte[], byte[]> writer() {
        KafkaProducer<byte[], byte[]> created = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                new ByteArraySerializer());
        try {
            created.initTransactions();
            return created;
        } catch (RuntimeException e) {
            created.close(Duration.ZERO);
            throw e;
        }
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
        } catch (KafkaException e) {
            if (isFencing(e)) {
                fenced = true;
                LOGGER.atWarn().addKeyValue("topic", topic).log("Another replay service instance took over writing"
                        + " rollouts; this one stops driving them until an operator's change is sent to it");
                throw fencedRejection();
            }
            try {
                producer.abortTransaction();
            } catch (KafkaException abortFailed) {
                e.addSuppressed(abortFailed);
                try {
                    replaceWriter(); // a producer in a fatal state cannot write again
                } catch (RuntimeException replaceFailed) {
                    e.addSuppressed(replaceFailed);
                }
            }
            throw unavailable(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    /**
     * Makes this instance the writer, whether or not another one fenced it (it cannot know without
     * writing): a new producer's {@code initTransactions} fences every other one, and the log is read to its
     * end so that what the caller reads next includes everything any other instance wrote. Called before an
     * operator's change, which is then made on fresh state; the driver never calls it, so only the instance
     * that wrote last drives rollouts.
     *
     * @throws Rejection.Unavailable when Kafka does not answer
     */
    public synchronized void acquire() {
        try {
            replaceWriter();
            if (!follower.awaitCaughtUp(WRITE_TIMEOUT)) {
                throw unavailable("the rollout log could not be read to its end within " + WRITE_TIMEOUT);
            }
            if (fenced) {
                LOGGER.atInfo().addKeyValue("topic", topic).log("This replay service instance writes rollouts again");
            }
            fenced = false;
        } catch (KafkaException e) {
            throw unavailable(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    /** A new producer for the transactional id, fencing every other one (this instance's old one too). */
    private void replaceWriter() {
        producer.close(Duration.ZERO);
        producer = writer();
    }

    /** Whether {@code e} says another producer with the transactional id has fenced this one. */
    static boolean isFencing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }

    /** Whether another service instance has taken over writing rollouts. */
    public boolean fenced() {
        return fenced;
    }

    private RuntimeException fencedRejection() {
        return Rejection.unavailable("Another replay service instance took over rollouts (transactional id "
                + RewindTopics.ROLLOUTS_TRANSACTIONAL_ID + ") while this request was made; retry it.");
    }

    private RuntimeException unavailable(String why) {
        return unavailable(why, null);
    }

    private RuntimeException unavailable(String why, Throwable cause) {
        return Rejection.unavailable("Writing to " + topic + " failed (" + why
                + "); check that Kafka and the schema registry are reachable, then retry.", cause);
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
        follower.requireCaughtUp(timeout);
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
