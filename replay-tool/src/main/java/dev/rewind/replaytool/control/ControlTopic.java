package dev.rewind.replaytool.control;

import dev.rewind.replaytool.Rejection;
import dev.rewind.schemas.avro.AuditEntry;
import dev.rewind.schemas.avro.DryRunResult;
import dev.rewind.schemas.avro.ReplayAction;
import dev.rewind.schemas.avro.ReplayCommand;
import dev.rewind.schemas.avro.ReplayPartitionPlan;
import dev.rewind.schemas.avro.ReplayProgress;
import dev.rewind.schemas.registry.SchemaRegistryException;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.schemas.serde.AvroSerdeConfig;
import dev.rewind.schemas.serde.AvroSerializer;
import dev.rewind.schemas.serde.TopicRecordNameStrategy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's view of {@code rewind.control}: a thread reads the whole topic from the start
 * into a {@link ControlIndex} (as every engine instance does), and writes go through an
 * idempotent producer, each acknowledged by the reader before {@link #write} returns, so a
 * request that wrote a command sees it in the index (read your writes).
 */
public final class ControlTopic implements AutoCloseable {

    /** The topic name (REPLAY-PROTOCOL.md). */
    public static final String TOPIC = "rewind.control";

    private static final Logger LOGGER = LoggerFactory.getLogger(ControlTopic.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final ControlIndex index = new ControlIndex();
    private final KafkaProducer<String, Object> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroDeserializer deserializer;
    private final Thread reader;
    private final Object positionMonitor = new Object();
    private long position;
    private volatile boolean running = true;

    private ControlTopic(Map<String, Object> client, String registryUrl) {
        Map<String, Object> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl,
                AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY_CONFIG, TopicRecordNameStrategy.class.getName(),
                AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, true);
        Map<String, Object> producerConfig = new HashMap<>(client);
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        AvroSerializer serializer = new AvroSerializer();
        serializer.configure(serde, false);
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), serializer);
        Map<String, Object> consumerConfig = new HashMap<>(client);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        this.deserializer = new AvroDeserializer();
        deserializer.configure(serde, false);
        this.reader = new Thread(this::readLoop, "rewind-control-reader");
        reader.setDaemon(true);
    }

    /**
     * Creates the topic if needed and starts reading it.
     *
     * @param client Kafka client settings (at least bootstrap.servers)
     * @param registryUrl schema registry base URL
     */
    public static ControlTopic start(Admin admin, Map<String, Object> client, String registryUrl) {
        ensureTopic(admin);
        ControlTopic topic = new ControlTopic(client, registryUrl);
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        topic.consumer.assign(List.of(tp));
        topic.consumer.seekToBeginning(List.of(tp));
        topic.reader.start();
        return topic;
    }

    /** What has been read so far. */
    public ControlIndex index() {
        return index;
    }

    /**
     * Writes one record and waits until the reader has read it back.
     *
     * @throws dev.rewind.replaytool.Rejection.Unavailable if Kafka does not acknowledge in time
     */
    public void write(String key, Object value) {
        try {
            long offset = producer.send(new ProducerRecord<>(TOPIC, 0, key, value))
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset();
            awaitPosition(offset + 1);
        } catch (ExecutionException e) {
            throw unavailable(e.getCause());
        } catch (TimeoutException e) {
            throw unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
    }

    private void awaitPosition(long target) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + WRITE_TIMEOUT.toNanos();
        synchronized (positionMonitor) {
            while (position < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("control topic reader did not reach offset " + target);
                }
                positionMonitor.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    private void readLoop() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (!apply(record)) {
                        // not the record's fault: read it again once the registry answers
                        consumer.seek(new TopicPartition(TOPIC, 0), record.offset());
                        backOff();
                        break;
                    }
                }
                long next = consumer.position(new TopicPartition(TOPIC, 0));
                synchronized (positionMonitor) {
                    position = next;
                    positionMonitor.notifyAll();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOGGER.atError().setCause(e).log("Control topic reader woken up unexpectedly");
            }
        } catch (RuntimeException e) {
            LOGGER.atError().addKeyValue("topic", TOPIC).setCause(e).log("Control topic reader stopped");
        } finally {
            consumer.close();
        }
    }

    /** Applies a record; false when the schema registry could not be reached and it must be read again. */
    private boolean apply(ConsumerRecord<String, byte[]> record) {
        ControlKey key = ControlKey.parse(record.key());
        if (record.value() == null) {
            index.remove(key);
            return true;
        }
        try {
            Object value = deserializer.deserialize(TOPIC, record.headers(), record.value());
            if (value instanceof ReplayCommand c) {
                if (c.getAction() == ReplayAction.START) {
                    index.start(ControlCommands.spec(c));
                } else {
                    index.cancel(c.getReplayId(), c.getRequestedAt());
                }
            } else if (value instanceof ReplayPartitionPlan p) {
                index.plan(p.getReplayId(), ControlCommands.plan(p));
            } else if (value instanceof ReplayProgress p) {
                index.progress(p.getReplayId(), ControlCommands.progress(p));
            } else if (value instanceof DryRunResult r) {
                index.dryRun(r.getReplayId(), ControlCommands.dryRun(r));
            } else if (value instanceof AuditEntry a) {
                index.audit(a);
            }
        } catch (RuntimeException e) {
            if (registryUnreachable(e)) {
                LOGGER.atWarn().addKeyValue("topic", TOPIC).addKeyValue("offset", record.offset())
                        .log("Schema registry unreachable; reading the control record again shortly");
                return false;
            }
            // one bad record must not stop the service from seeing every other replay
            LOGGER.atWarn().addKeyValue("topic", TOPIC).addKeyValue("offset", record.offset())
                    .addKeyValue("key", record.key()).setCause(e).log("Skipping unreadable control record");
        }
        return true;
    }

    private static boolean registryUnreachable(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException registry) {
                return !registry.isNotFound() && registry.httpStatus() != 404;
            }
        }
        return false;
    }

    private void backOff() {
        synchronized (positionMonitor) {
            try {
                positionMonitor.wait(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private static void ensureTopic(Admin admin) {
        NewTopic topic = new NewTopic(TOPIC, Optional.of(1), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create " + TOPIC + ": " + e.getCause().getMessage()
                        + "; create it with 1 partition and cleanup.policy=compact", e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer creating " + TOPIC + " within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static RuntimeException unavailable(Throwable cause) {
        return Rejection.unavailable("Writing to " + TOPIC + " failed (" + cause.getMessage()
                + "); check that Kafka and the schema registry are reachable, then retry.", cause);
    }

    /** When the reader has reached the current end of the topic (for start-up). */
    public void awaitCaughtUp(Admin admin, Duration timeout) {
        try {
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            long end = admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()),
                    new org.apache.kafka.clients.admin.ListOffsetsOptions(
                            org.apache.kafka.common.IsolationLevel.READ_COMMITTED))
                    .partitionResult(tp).get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
            awaitPosition(end);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not read " + TOPIC + " to its end within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
        deserializer.close();
    }
}
