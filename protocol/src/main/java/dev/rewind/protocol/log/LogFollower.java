package dev.rewind.protocol.log;

import dev.rewind.clients.acl.KafkaAccessDenied;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a whole topic from the beginning without a consumer group, as Kafka Connect's
 * {@code KafkaBasedLog} does for its config, offset and status topics: every instance of a process reads
 * every record, nothing is committed, nothing rebalances.
 *
 * <p>Lifecycle: {@link #start} assigns every partition of the topic (waiting for the topic to exist),
 * seeks to the beginning and starts one daemon thread; {@link #close} stops it. The consumer reads
 * {@code read_committed}, so records of aborted transactions are never delivered.
 *
 * <p>Delivery: records are decoded with the given deserializers and handed to the {@link Listener} on the
 * follower's own thread, one at a time, in offset order per partition; the listener needs no locking of its
 * own against the follower. When decoding or the listener throws an exception the {@code transientError}
 * predicate accepts (by default a Kafka {@link RetriableException}; callers add e.g. an unreachable schema
 * registry), the follower seeks back to that record and reads it again after a back-off growing from 100 ms
 * to 10 s: nothing is skipped while the cause may go away. Any other exception is a fault of the record
 * itself: it is logged with its coordinates and skipped, because it would fail the same way on every retry.
 *
 * <p>{@link #awaitCaughtUp} gives read-your-writes: it returns once every record committed before the call
 * has been delivered.
 *
 * @param <K> the decoded key type
 * @param <V> the decoded value type ({@code null} for tombstones)
 */
public final class LogFollower<K, V> implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(LogFollower.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 10_000;

    /**
     * Receives what the follower reads, always on the follower's thread.
     *
     * @param <K> the key type
     * @param <V> the value type
     */
    public interface Listener<K, V> {

        /**
         * One record, decoded; {@code value} is {@code null} for a tombstone.
         *
         * @throws RuntimeException to have the record read again later (when {@code transientError} accepts
         *     it) or skipped (otherwise)
         */
        void onRecord(ConsumerRecord<byte[], byte[]> raw, K key, V value);

        /** Every record of {@code partition} before {@code nextOffset} has been delivered. */
        default void onPosition(TopicPartition partition, long nextOffset) {
        }
    }

    /**
     * What to follow and how.
     *
     * @param topic the topic
     * @param clientConfig Kafka client settings, at least {@code bootstrap.servers}; group, isolation,
     *     offset-reset and auto-commit settings are overridden
     * @param keyDeserializer decodes keys; closed with the follower
     * @param valueDeserializer decodes non-null values; closed with the follower
     * @param transientError which failures are read again after a back-off instead of skipped
     */
    public record Options<K, V>(String topic, Map<String, Object> clientConfig, Deserializer<K> keyDeserializer,
            Deserializer<V> valueDeserializer, Predicate<Throwable> transientError) {

        /** Validates and copies. */
        public Options {
            Objects.requireNonNull(topic, "topic");
            clientConfig = Map.copyOf(clientConfig);
            if (!clientConfig.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
                throw new IllegalArgumentException("The follower of " + topic + " needs bootstrap.servers");
            }
            Objects.requireNonNull(keyDeserializer, "keyDeserializer");
            Objects.requireNonNull(valueDeserializer, "valueDeserializer");
            Objects.requireNonNull(transientError, "transientError");
        }

        /** Options where only Kafka's {@link RetriableException}s are transient. */
        public static <K, V> Options<K, V> of(String topic, Map<String, Object> clientConfig,
                Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
            return new Options<>(topic, clientConfig, keyDeserializer, valueDeserializer,
                    LogFollower::isKafkaRetriable);
        }

        /** A copy where {@code more} failures are transient too. */
        public Options<K, V> alsoTransient(Predicate<Throwable> more) {
            return new Options<>(topic, clientConfig, keyDeserializer, valueDeserializer, transientError.or(more));
        }
    }

    private final Options<K, V> options;
    private final Listener<K, V> listener;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final Object monitor = new Object();
    private long requested;
    private long served;
    private volatile boolean running = true;
    private boolean closed;
    /** Set (once) when the follower stopped on a failure that retrying cannot cure. */
    private volatile IllegalStateException denied;

    private LogFollower(Options<K, V> options, Listener<K, V> listener) {
        this.options = options;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.consumer = new KafkaConsumer<>(consumerConfig(options), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "rewind-log-follower-" + options.topic());
        this.thread.setDaemon(true);
    }

    /** Starts following {@code options.topic()} from its beginning, delivering to {@code listener}. */
    public static <K, V> LogFollower<K, V> start(Options<K, V> options, Listener<K, V> listener) {
        LogFollower<K, V> follower = new LogFollower<>(options, listener);
        follower.thread.start();
        return follower;
    }

    private static Map<String, Object> consumerConfig(Options<?, ?> options) {
        Map<String, Object> config = new HashMap<>(options.clientConfig());
        config.keySet().retainAll(ConsumerConfig.configNames());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A follower waits for its topic; asking for the topic's partitions must not create it with a
        // broker's auto.create.topics.enable defaults (one partition, replication factor 1).
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "rewind-log-follower-" + options.topic() + "-"
                + Integer.toHexString(System.identityHashCode(options)));
        return config;
    }

    /** The topic followed. */
    public String topic() {
        return options.topic();
    }

    /**
     * {@link #awaitCaughtUp(Duration)} for start-up, where not catching up is fatal: waits until every
     * record committed to the topic before this call has been delivered.
     *
     * @throws IllegalStateException when it has not within {@code timeout} (naming the topic and what to
     *     check), when interrupted, or when Kafka refused access (as {@link #awaitCaughtUp(Duration)})
     */
    public void requireCaughtUp(Duration timeout) {
        try {
            if (!awaitCaughtUp(timeout)) {
                throw new IllegalStateException("Could not read " + options.topic() + " to its end within " + timeout
                        + "; check that Kafka and the schema registry are reachable");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading " + options.topic(), e);
        }
    }

    /**
     * Waits until every record committed to the topic before this call has been delivered.
     *
     * @return whether it has; {@code false} after the timeout or when the follower is closed
     * @throws IllegalStateException when the follower stopped because Kafka refused to authenticate its
     *     client or to authorize reading the topic (a failure that repeats on every retry), naming the
     *     topic and the ACL to add
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (monitor) {
            long ticket = ++requested;
            monitor.notifyAll();
            while (running && served < ticket) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(monitor, left);
            }
            if (denied != null) {
                throw denied;
            }
            return served >= ticket;
        }
    }

    /**
     * Throws when the follower stopped because Kafka refused to authenticate its client or to authorize reading the
     * topic, for a process that follows the topic for as long as it runs and must not go on without it.
     *
     * @throws IllegalStateException naming the topic and the ACL to add (caused by a {@code KafkaAccessDenied})
     */
    public void requireNotDenied() {
        IllegalStateException failure = denied;
        if (failure != null) {
            throw failure;
        }
    }

    /** Stops following and releases the consumer and the deserializers; waits up to 30 s for the thread. */
    @Override
    public void close() {
        synchronized (monitor) {
            if (closed) {
                return;
            }
            closed = true;
            running = false;
            monitor.notifyAll();
        }
        consumer.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        options.keyDeserializer().close();
        options.valueDeserializer().close();
    }

    private void run() {
        LOGGER.atInfo().addKeyValue("topic", topic()).log("Following topic");
        long backOff = 0;
        try {
            while (running) {
                try {
                    if (consumer.assignment().isEmpty() && !assign()) {
                        backOff = pause(backOff);
                        continue;
                    }
                    readToRequestedEnd();
                    backOff = 0;
                } catch (WakeupException e) {
                    if (running) {
                        throw e;
                    }
                } catch (RetryLater e) {
                    backOff = pause(backOff);
                } catch (RuntimeException e) {
                    if (stopIfDenied(e)) {
                        return;
                    }
                    LOGGER.atWarn().addKeyValue("topic", topic()).setCause(e)
                            .log("Reading the topic failed; retrying after a back-off");
                    backOff = pause(backOff);
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
            LOGGER.atInfo().addKeyValue("topic", topic()).log("Stopped following topic");
        }
    }

    private boolean assign() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic(), Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            LOGGER.atInfo().addKeyValue("topic", topic()).log("Topic not there yet; waiting");
            return false;
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return true;
    }

    /** One round: note the waiters, fetch the end, read to it, then release the noted waiters. */
    private void readToRequestedEnd() {
        long ticket;
        synchronized (monitor) {
            ticket = requested;
        }
        Map<TopicPartition, Long> end = ticket > served
                ? consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(30)) : Map.of();
        do {
            pollOnce();
        } while (running && !reached(end));
        if (ticket > served) {
            synchronized (monitor) {
                served = ticket;
                monitor.notifyAll();
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void pollOnce() {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            if (!deliver(record)) {
                consumer.seek(new TopicPartition(record.topic(), record.partition()), record.offset());
                throw new RetryLater(record);
            }
        }
        for (TopicPartition partition : consumer.assignment()) {
            listener.onPosition(partition, consumer.position(partition));
        }
    }

    /** Delivers one record; {@code false} when it must be read again later. */
    private boolean deliver(ConsumerRecord<byte[], byte[]> record) {
        try {
            K key = record.key() == null ? null
                    : options.keyDeserializer().deserialize(record.topic(), record.headers(), record.key());
            V value = record.value() == null ? null
                    : options.valueDeserializer().deserialize(record.topic(), record.headers(), record.value());
            listener.onRecord(record, key, value);
            return true;
        } catch (RuntimeException e) {
            if (options.transientError().test(e)) {
                LOGGER.atWarn().addKeyValue("topic", record.topic()).addKeyValue("partition", record.partition())
                        .addKeyValue("offset", record.offset()).addKeyValue("reason", e.toString())
                        .log("Cannot apply a record for now; reading it again after a back-off");
                return false;
            }
            LOGGER.atWarn().addKeyValue("topic", record.topic()).addKeyValue("partition", record.partition())
                    .addKeyValue("offset", record.offset()).setCause(e).log("Skipping a record that cannot be read");
            return true;
        }
    }

    private long pause(long previous) {
        long next = previous == 0 ? MIN_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, previous * 2);
        synchronized (monitor) {
            try {
                if (running) {
                    monitor.wait(next);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
        return next;
    }

    /**
     * Stops the follower when {@code e} is an authentication or authorization failure: a missing ACL
     * stays missing, so retrying would only hide it (callers waiting in {@link #awaitCaughtUp} get it).
     */
    private boolean stopIfDenied(RuntimeException e) {
        Optional<Throwable> denial = KafkaAccessDenied.find(e);
        if (denial.isEmpty()) {
            return false;
        }
        KafkaAccessDenied denied = KafkaAccessDenied.of(denial.get(), KafkaAccessDenied.Request
                .of("the follower of " + topic() + " (" + consumerConfig(options).get(ConsumerConfig.CLIENT_ID_CONFIG)
                        + ")", AclOperation.READ).naming(List.of(topic())));
        IllegalStateException failure = new IllegalStateException(denied.getMessage(), denied);
        LOGGER.atError().addKeyValue("topic", topic()).setCause(e).log(failure.getMessage());
        synchronized (monitor) {
            this.denied = failure;
            running = false;
            monitor.notifyAll();
        }
        return true;
    }

    /** Whether {@code e} or one of its causes is a Kafka {@link RetriableException}. */
    public static boolean isKafkaRetriable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    /** A record must be read again once its transient cause is gone. */
    private static final class RetryLater extends RuntimeException {

        private static final long serialVersionUID = 1L;

        RetryLater(ConsumerRecord<?, ?> record) {
            super("record " + record.topic() + "-" + record.partition() + "@" + record.offset()
                    + " will be read again", null, false, false);
        }
    }
}
