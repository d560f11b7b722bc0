package dev.rewind.registry.internal.store;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema log on partition 0 of a compacted Kafka topic ({@code _schemas} by default).
 *
 * <p>On construction it creates the topic when missing (1 partition, {@code cleanup.policy=compact},
 * replication factor min(3, brokers)) and refuses a topic with more than one partition, since the registry
 * relies on one total order. A daemon thread owns a {@code read_committed} consumer (no consumer group: every
 * instance reads the whole topic) and delivers records to the listener.
 *
 * <p>Each write is a Kafka transaction of a new producer whose {@code transactional.id} is the same for every
 * instance on the topic ({@code rewind-schema-registry-<topic>}): initialising it fences the producer of any
 * write begun before, whose commit then fails. That is the exclusive-writer contract of {@link SchemaLog}
 * without leader election; it needs brokers that support transactions.
 */
public final class KafkaSchemaLog implements SchemaLog {

    private static final Logger LOGGER = LoggerFactory.getLogger(KafkaSchemaLog.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final TopicPartition partition;
    private final Duration timeout;
    private final Admin admin;
    private final Map<String, Object> producerConfig;
    private final KafkaConsumer<String, String> consumer;
    private volatile boolean running = true;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private Thread reader;

    /**
     * @param clientConfig Kafka client settings shared by admin, producer and consumer (at least
     *                     {@code bootstrap.servers})
     * @param topic        the log's topic
     * @param timeout      how long an operation on the brokers may take before it fails
     */
    public KafkaSchemaLog(Map<String, Object> clientConfig, String topic, Duration timeout) {
        this.partition = new TopicPartition(topic, 0);
        this.timeout = timeout;
        this.admin = Admin.create(clientConfig);
        try {
            ensureTopic(topic);
        } catch (RuntimeException e) {
            admin.close(Duration.ZERO);
            throw e;
        }
        this.producerConfig = producerConfig(clientConfig, topic);
        this.consumer = new KafkaConsumer<>(consumerConfig(clientConfig), new StringDeserializer(),
                new StringDeserializer());
    }

    private Map<String, Object> producerConfig(Map<String, Object> clientConfig, String topic) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        // One transactional id for every instance on the topic: beginning a write fences the previous writer.
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "rewind-schema-registry-" + topic);
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) timeout.toMillis());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, timeout.toMillis()));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "rewind-schema-registry-writer");
        return config;
    }

    private static Map<String, Object> consumerConfig(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "rewind-schema-registry-reader");
        return config;
    }

    private void ensureTopic(String topic) {
        try {
            int brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            short replicationFactor = (short) Math.max(1, Math.min(3, brokers));
            NewTopic newTopic = new NewTopic(topic, 1, replicationFactor)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            try {
                admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                LOGGER.atInfo().addKeyValue("topic", topic).addKeyValue("replicationFactor", replicationFactor)
                        .log("Created the schema registry's topic");
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            TopicDescription description = untilKnown(() -> admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic));
            if (description.partitions().size() != 1) {
                throw new SchemaLogException("Topic '" + topic + "' has " + description.partitions().size()
                        + " partitions; the schema registry's topic must have exactly 1 so that every instance"
                        + " sees changes in one order. Choose another topic (--topic) or recreate it.", null);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new SchemaLogException("Could not create or describe topic '" + topic + "': " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaLogException("Interrupted while preparing topic '" + topic + "'", e);
        }
    }

    @Override
    public void start(LogListener listener) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        reader = new Thread(() -> readLoop(listener), "rewind-schema-log-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop(LogListener listener) {
        try {
            while (running) {
                try {
                    for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                        listener.onRecord(new LogRecord(record.offset(), record.key(), record.value()));
                    }
                    listener.onPosition(consumer.position(partition));
                } catch (WakeupException e) {
                    // close() asked us to stop; the loop condition ends it
                } catch (RuntimeException e) {
                    LOGGER.atWarn().addKeyValue("topic", partition.topic()).setCause(e)
                            .log("Reading the schema log failed; retrying");
                    pause();
                }
            }
        } finally {
            consumer.close(Duration.ZERO);
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

    private void pause() {
        try {
            TimeUnit.SECONDS.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
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
            throw new SchemaLogException("Could not begin a transaction on topic '" + partition.topic() + "': " + e
                    + " (the brokers must support transactions)", e);
        }
        return new KafkaWriteSession(producer, partition, timeout);
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
        running = false;
        consumer.wakeup();
        if (reader != null) {
            try {
                reader.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close(Duration.ZERO);
        }
        admin.close(Duration.ofSeconds(5));
    }
}
