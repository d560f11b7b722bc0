package dev.rewind.registry.internal.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.rewind.protocol.log.LogFollower;
import dev.rewind.protocol.topics.RewindTopics;
import dev.rewind.protocol.topics.TopicAdmin;
import dev.rewind.clients.ClientRole;
import dev.rewind.clients.ClientSettings;
import dev.rewind.protocol.topics.TopicSetupException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The schema log on partition 0 of a compacted Kafka topic ({@code _schemas} by default).
 *
 * <p>On construction it ensures the topic with {@link TopicAdmin} and {@link RewindTopics#schemas} (1 partition,
 * compacted, replication factor min(3, brokers)), which refuses a topic with more than one partition, since the
 * registry relies on one total order. A {@link LogFollower} (no consumer group: every instance reads the whole
 * topic, {@code read_committed}) delivers records to the listener.
 *
 * <p>Each write is a Kafka transaction of a new producer whose {@code transactional.id} is the same for every
 * instance on the topic ({@code rewind-schema-registry-<topic>}): initialising it fences the producer of any
 * write begun before, whose commit then fails. That is the exclusive-writer contract of {@link SchemaLog}
 * without leader election; it needs brokers that support transactions.
 */
public final class KafkaSchemaLog implements SchemaLog {

    private final TopicPartition partition;
    private final Duration timeout;
    private final Admin admin;
    private final Map<String, Object> producerConfig;
    private final Map<String, Object> readerConfig;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile LogFollower<String, String> follower;

    /**
     * @param clientConfig Kafka client settings shared by admin, producer and consumer (at least
     *                     {@code bootstrap.servers})
     * @param topic        the log's topic
     * @param timeout      how long an operation on the brokers may take before it fails
     */
    public KafkaSchemaLog(Map<String, Object> clientConfig, String topic, Duration timeout) {
        this.partition = new TopicPartition(topic, 0);
        this.timeout = timeout;
        ClientSettings clients = ClientSettings.of(clientConfig);
        this.admin = Admin.create(clients.config(ClientRole.ADMIN, "rewind-schema-registry-admin"));
        try {
            ensureTopic(topic);
        } catch (RuntimeException e) {
            admin.close(Duration.ZERO);
            throw e;
        }
        this.producerConfig = producerConfig(clients, topic);
        this.readerConfig = clients.readerConfig("rewind-schema-registry-reader");
    }

    private Map<String, Object> producerConfig(ClientSettings clients, String topic) {
        return clients.config(ClientRole.PRODUCER, "rewind-schema-registry-writer", Map.of(
                        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) timeout.toMillis(),
                        ProducerConfig.LINGER_MS_CONFIG, 0,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, timeout.toMillis()),
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis()),
                // one transactional id for every instance on the topic: beginning a write fences the previous writer
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "rewind-schema-registry-" + topic,
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
    }

    private void ensureTopic(String topic) {
        try {
            new TopicAdmin(admin, timeout).ensure(List.of(RewindTopics.schemas(topic)));
        } catch (TopicSetupException e) {
            throw new SchemaLogException(e.getMessage() + " (the schema registry's topic is set with --topic)", e);
        }
    }

    @Override
    public void start(LogListener listener) {
        follower = LogFollower.start(LogFollower.Options.of(partition.topic(), readerConfig, new StringDeserializer(),
                new StringDeserializer()), new LogFollower.Listener<String, String>() {
                    @Override
                    public void onRecord(ConsumerRecord<byte[], byte[]> raw, String key, String value) {
                        listener.onRecord(new LogRecord(raw.offset(), key, value));
                    }

                    @Override
                    public void onPosition(TopicPartition ignored, long nextOffset) {
                        listener.onPosition(nextOffset);
                    }
                });
        try {
            // surfaces a refused read (a missing READ ACL) now, naming the topic, rather than as writes that
            // never become visible; a slow read is the store's to wait for
            follower.awaitCaughtUp(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaLogException("Interrupted while reading topic '" + partition.topic() + "'", e);
        }
    }

    /**
     * Retries while the brokers answer with a retriable error, as they do for a moment after the topic was
     * created (its metadata has not reached every broker yet), until the timeout.
     */
    private <T> T untilKnown(AdminCall<T> call) throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return call.get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    private interface AdminCall<T> {
        T get() throws ExecutionException, TimeoutException, InterruptedException;
    }

    private String transactionalId() {
        return String.valueOf(producerConfig.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
    }

    @Override
    public void checkReading() {
        try {
            follower.awaitCaughtUp(Duration.ZERO);
        } catch (IllegalStateException denied) {
            throw new SchemaLogException(denied.getMessage(), denied);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaLogException("Interrupted while reading topic '" + partition.topic() + "'", e);
        }
    }

    @Override
    public WriteSession beginWrite() {
        KafkaProducer<String, String> producer;
        try {
            producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
        } catch (KafkaException e) {
            throw new SchemaLogException("Could not create a producer for topic '" + partition.topic() + "': " + e, e);
        }
        try {
            producer.initTransactions();
            producer.beginTransaction();
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            String denied = StoreAccess.deniedWrite(e, partition.topic(), transactionalId());
            throw new SchemaLogException("Could not begin a transaction on topic '" + partition.topic() + "': " + e
                    + (denied.isEmpty() ? " (the brokers must support transactions)" : denied), e);
        }
        return new KafkaWriteSession(producer, partition, timeout, transactionalId());
    }

    @Override
    public long endOffset() {
        try {
            return untilKnown(() -> admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
                            new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).partitionResult(partition)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset());
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new SchemaLogException("Could not read the end of topic '" + partition.topic() + "': " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaLogException("Interrupted while reading topic '" + partition.topic() + "'", e);
        }
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        if (follower != null) {
            follower.close();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
