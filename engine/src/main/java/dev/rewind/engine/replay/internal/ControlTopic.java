package dev.rewind.engine.replay.internal;

import dev.rewind.engine.replay.ControlKey;
import dev.rewind.engine.replay.ReplayPlan;
import dev.rewind.engine.replay.ReplayRequest;
import dev.rewind.engine.replay.ReplayStatus;
import dev.rewind.schemas.avro.DryRunResult;
import dev.rewind.schemas.avro.ReplayAction;
import dev.rewind.schemas.avro.ReplayCommand;
import dev.rewind.schemas.avro.ReplayPartitionPlan;
import dev.rewind.schemas.avro.ReplayProgress;
import dev.rewind.schemas.registry.SchemaRegistryException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creating and reading {@code rewind.control}. */
public final class ControlTopic {

    private static final Logger LOGGER = LoggerFactory.getLogger(ControlTopic.class);

    private ControlTopic() {
    }

    /** Creates the topic (one partition, compacted, replication up to 3) unless it exists. */
    public static void ensureExists(Map<String, Object> clientConfig, String topic) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.keySet().retainAll(AdminClientConfig.configNames());
        try (Admin admin = Admin.create(config)) {
            if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                return;
            }
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            short replication = (short) Math.max(1, Math.min(3, brokers));
            NewTopic newTopic = new NewTopic(topic, 1, replication).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(Math.max(1, replication - 1))));
            admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create the control topic " + topic + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the control topic " + topic, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Timed out creating the control topic " + topic
                    + "; check bootstrap.servers", e);
        }
    }

    /** Turns a decoded value into what the index keeps; {@code null} for records to ignore. */
    static Object convert(ControlKey key, Object value) {
        return switch (key.kind()) {
            case COMMAND -> value instanceof ReplayCommand command && command.getAction() == ReplayAction.START
                    ? ReplayRequest.fromAvro(command) : null;
            case CANCEL -> value instanceof ReplayCommand command && command.getAction() == ReplayAction.CANCEL
                    ? command : null;
            case PLAN -> value instanceof ReplayPartitionPlan plan ? ReplayPlan.fromAvro(plan) : null;
            case PROGRESS -> value instanceof ReplayProgress progress ? ReplayStatus.fromAvro(progress) : null;
            case DRY_RUN -> value instanceof DryRunResult result ? result : null;
            case OTHER -> null;
        };
    }

    /** The background reader behind {@code ControlLog}. */
    public static final class Reader {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Deserializer<Object> deserializer;
        private final String topic;
        private final Clock clock;
        private final ControlIndex index;
        private final Object monitor = new Object();
        private final Thread thread;
        private volatile boolean running = true;
        private volatile Instant caughtUpAt = Instant.MIN;

        public Reader(Map<String, Object> clientConfig, Deserializer<Object> deserializer, String topic, Clock clock,
                      ControlIndex index) {
            Map<String, Object> config = new HashMap<>(clientConfig);
            config.remove(ConsumerConfig.GROUP_ID_CONFIG);
            config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, "rewind-control-log-" + System.identityHashCode(this));
            config.keySet().retainAll(ConsumerConfig.configNames());
            this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.deserializer = deserializer;
            this.topic = topic;
            this.clock = clock;
            this.index = index;
            this.thread = new Thread(this::run, "rewind-control-log-" + topic);
            this.thread.setDaemon(true);
        }

        public void start() {
            thread.start();
        }

        public Instant now() {
            return clock.instant();
        }

        public Instant caughtUpAt() {
            return caughtUpAt;
        }

        public boolean awaitCaughtUpAfter(Instant time, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (monitor) {
                while (running && !caughtUpAt.isAfter(time)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(monitor, left);
                }
                return caughtUpAt.isAfter(time);
            }
        }

        public void close() {
            running = false;
            consumer.wakeup();
            synchronized (monitor) {
                monitor.notifyAll();
            }
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deserializer.close();
        }

        private void run() {
            LOGGER.atInfo().addKeyValue("topic", topic).log("Control log started");
            try {
                while (running) {
                    try {
                        pass();
                    } catch (WakeupException e) {
                        if (running) {
                            throw e;
                        }
                    } catch (RuntimeException e) {
                        LOGGER.atWarn().addKeyValue("topic", topic).setCause(e)
                                .log("Control log read failed; retrying in a second");
                        backOff();
                    }
                }
            } finally {
                consumer.close(Duration.ofSeconds(5));
                LOGGER.atInfo().addKeyValue("topic", topic).log("Control log stopped");
            }
        }

        private void pass() {
            Instant observedAt = clock.instant();
            Set<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toSet());
            if (partitions.isEmpty()) {
                backOff();
                return;
            }
            if (!partitions.equals(consumer.assignment())) {
                Set<TopicPartition> added = new java.util.HashSet<>(partitions);
                added.removeAll(consumer.assignment());
                consumer.assign(partitions);
                consumer.seekToBeginning(added);
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (running && !reached(end)) {
                consumer.poll(Duration.ofMillis(100)).forEach(this::apply);
            }
            synchronized (monitor) {
                caughtUpAt = observedAt;
                monitor.notifyAll();
            }
            // Wait for news; the next pass re-checks the end offsets before promising more.
            consumer.poll(Duration.ofMillis(100)).forEach(this::apply);
        }

        private boolean reached(Map<TopicPartition, Long> end) {
            for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                if (consumer.position(e.getKey()) < e.getValue()) {
                    return false;
                }
            }
            return true;
        }

        private void apply(ConsumerRecord<byte[], byte[]> record) {
            if (record.key() == null) {
                return;
            }
            ControlKey key = ControlKey.parse(new String(record.key(), StandardCharsets.UTF_8));
            if (key.kind() == ControlKey.Kind.OTHER) {
                return;
            }
            try {
                Object value = record.value() == null ? null
                        : convert(key, deserializer.deserialize(record.topic(), record.headers(), record.value()));
                if (record.value() == null || value != null) {
                    index.apply(key, value);
                }
            } catch (RuntimeException e) {
                if (registryUnreachable(e)) {
                    // not the record's fault: read it again once the registry answers, never skip a command
                    consumer.seek(new TopicPartition(record.topic(), record.partition()), record.offset());
                    throw e;
                }
                LOGGER.atWarn().addKeyValue("topic", record.topic()).addKeyValue("offset", record.offset())
                        .addKeyValue("reason", e.getMessage()).log("Ignoring an unreadable control record");
            }
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
            synchronized (monitor) {
                try {
                    monitor.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }
}
