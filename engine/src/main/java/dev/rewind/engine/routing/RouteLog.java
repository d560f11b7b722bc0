package dev.rewind.engine.routing;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.routing.internal.RouteRecords;
import dev.rewind.engine.routing.internal.RouteTopic;
import dev.rewind.schemas.avro.ChannelChange;
import dev.rewind.schemas.avro.RouteChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code rewind.routes} and answers ownership questions from what it has read.
 *
 * <p>A background thread reads the topic from the beginning with its own consumer
 * ({@code read_committed}, all partitions assigned, no consumer group, so it never rebalances and
 * never commits). In a loop it notes its local time {@code W}, fetches the end offsets, reads up to
 * them and then publishes a new {@link RouteSnapshot} whose horizon is
 * {@link RouteTiming#horizon(Instant) horizon(W)}. {@link #decide} answers
 * {@link Ownership.Undecided} for events at or after the horizon: the caller must pause the event's
 * partition and retry, never guess (invariant 1).
 *
 * <p>Invalid records are logged and ignored by every instance alike. Thread-safe.
 */
public final class RouteLog implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(RouteLog.class);

    private final Options options;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RouteHistory.Builder builder = RouteHistory.builder();
    private final Object monitor = new Object();
    private final Thread thread;
    private volatile RouteSnapshot snapshot = RouteSnapshot.INITIAL;
    private volatile boolean running = true;

    /**
     * Settings of a route log.
     *
     * @param clientConfig Kafka client settings, at least {@code bootstrap.servers}; consumer settings
     *     that the route log relies on are overridden
     * @param topic the route topic, normally {@value #DEFAULT_TOPIC}
     * @param timing the timing rules; the same in every instance and publisher
     * @param refreshInterval how long to wait for new changes between horizon refreshes
     * @param clock the local clock
     */
    public record Options(Map<String, Object> clientConfig, String topic, RouteTiming timing,
            Duration refreshInterval, Clock clock) {

        /** The default route topic. */
        public static final String DEFAULT_TOPIC = "rewind.routes";

        /** Validates and copies. */
        public Options {
            clientConfig = Map.copyOf(clientConfig);
            if (!clientConfig.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
                throw new IllegalArgumentException("Route log client config needs bootstrap.servers");
            }
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(timing, "timing");
            Objects.requireNonNull(clock, "clock");
            if (refreshInterval.isNegative() || refreshInterval.isZero()) {
                throw new IllegalArgumentException("Route log refreshInterval must be positive, was "
                        + refreshInterval);
            }
        }

        /** Defaults: {@value #DEFAULT_TOPIC}, {@link RouteTiming#DEFAULTS}, 200 ms refresh, system clock. */
        public static Options of(Map<String, Object> clientConfig) {
            return new Options(clientConfig, DEFAULT_TOPIC, RouteTiming.DEFAULTS, Duration.ofMillis(200),
                    Clock.systemUTC());
        }

        /** A copy with another topic. */
        public Options withTopic(String value) {
            return new Options(clientConfig, value, timing, refreshInterval, clock);
        }

        /** A copy with other timing rules. */
        public Options withTiming(RouteTiming value) {
            return new Options(clientConfig, topic, value, refreshInterval, clock);
        }
    }

    private RouteLog(Options options) {
        this.options = options;
        Map<String, Object> config = new HashMap<>(options.clientConfig());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "rewind-route-log-" + System.identityHashCode(this));
        config.keySet().retainAll(ConsumerConfig.configNames());
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "rewind-route-log-" + options.topic());
        this.thread.setDaemon(true);
    }

    /** Creates the topic if missing and starts following it. */
    public static RouteLog start(Options options) {
        RouteTopic.ensureExists(options.clientConfig(), options.topic());
        RouteLog log = new RouteLog(options);
        log.thread.start();
        return log;
    }

    /** The latest snapshot: history and horizon, consistent with each other. */
    public RouteSnapshot snapshot() {
        return snapshot;
    }

    /** The route history read so far. */
    public RouteHistory history() {
        return snapshot.history();
    }

    /** Ownership of events older than this is final; {@link Instant#MIN} until the first read. */
    public Instant ownershipHorizon() {
        return snapshot.horizon();
    }

    /** Decides who owns an event; see {@link RouteSnapshot#decide}. */
    public Ownership decide(String component, Cohort cohort, Instant eventTime) {
        return snapshot.decide(component, cohort, eventTime);
    }

    /**
     * Waits until the horizon is after {@code time}.
     *
     * @return whether it is, {@code false} after the timeout or when closed
     */
    public boolean awaitHorizonAfter(Instant time, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (monitor) {
            while (running && !snapshot.horizon().isAfter(time)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(monitor, left);
            }
            return snapshot.horizon().isAfter(time);
        }
    }

    /** Stops following the topic and releases the consumer. */
    @Override
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
    }

    private void run() {
        LOGGER.atInfo().addKeyValue("topic", options.topic()).log("Route log started");
        Set<TopicPartition> assigned = new HashSet<>();
        try {
            while (running) {
                try {
                    refresh(assigned);
                } catch (WakeupException e) {
                    if (running) {
                        throw e;
                    }
                } catch (RuntimeException e) {
                    LOGGER.atWarn().addKeyValue("topic", options.topic()).setCause(e)
                            .log("Route log read failed; the horizon stays where it is until a retry succeeds");
                    backOff();
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
            LOGGER.atInfo().addKeyValue("topic", options.topic()).log("Route log stopped");
        }
    }

    private void refresh(Set<TopicPartition> assigned) {
        Instant observedAt = options.clock().instant();
        Set<TopicPartition> partitions = consumer.partitionsFor(options.topic(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .collect(Collectors.toSet());
        if (partitions.isEmpty()) {
            backOff();
            return;
        }
        if (!partitions.equals(assigned)) {
            Set<TopicPartition> added = new HashSet<>(partitions);
            added.removeAll(assigned);
            consumer.assign(partitions);
            consumer.seekToBeginning(added);
            assigned.clear();
            assigned.addAll(partitions);
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        boolean changed = false;
        while (running && !reached(end)) {
            changed |= apply(consumer.poll(Duration.ofMillis(100)));
        }
        publish(observedAt, changed);
        // wait for news without moving the horizon: it only moves after a fresh end-offset check
        if (apply(consumer.poll(options.refreshInterval()))) {
            publish(null, true);
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

    private boolean apply(ConsumerRecords<byte[], byte[]> records) {
        boolean changed = false;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.value() == null) {
                continue;
            }
            try {
                Object change = RouteRecords.decode(record.value());
                if (change instanceof RouteChange route) {
                    builder.add(route);
                } else {
                    builder.add((ChannelChange) change);
                }
                changed = true;
            } catch (IllegalArgumentException e) {
                LOGGER.atWarn().addKeyValue("topic", record.topic()).addKeyValue("partition", record.partition())
                        .addKeyValue("offset", record.offset()).addKeyValue("reason", e.getMessage())
                        .log("Ignoring invalid route record");
            }
        }
        return changed;
    }

    private void publish(Instant observedAt, boolean changed) {
        RouteSnapshot current = snapshot;
        RouteHistory history = changed ? builder.build() : current.history();
        Instant horizon = observedAt == null ? current.horizon() : options.timing().horizon(observedAt);
        if (horizon.isBefore(current.horizon())) {
            horizon = current.horizon(); // a clock step backwards must not shrink what was promised
        }
        synchronized (monitor) {
            snapshot = new RouteSnapshot(history, horizon);
            monitor.notifyAll();
        }
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
