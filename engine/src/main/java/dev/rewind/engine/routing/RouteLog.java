package dev.rewind.engine.routing;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.routing.internal.RouteRecords;
import dev.rewind.protocol.log.LogFollower;
import dev.rewind.protocol.topics.RewindTopics;
import dev.rewind.protocol.topics.TopicAdmin;
import dev.rewind.schemas.avro.ChannelChange;
import dev.rewind.schemas.avro.InstallationRouteTiming;
import dev.rewind.schemas.avro.OwnershipTimeFix;
import dev.rewind.schemas.avro.RouteChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code rewind.routes} and answers ownership questions from what it has read.
 *
 * <p>A {@link LogFollower} reads the topic from the beginning ({@code read_committed}, all
 * partitions assigned, no consumer group, so it never rebalances and never commits). In a loop a
 * second thread notes its local time {@code W}, waits until the follower has read everything
 * committed before {@code W} and then publishes a new {@link RouteSnapshot} whose horizon is
 * {@link RouteTiming#horizon(Instant) horizon(W)}. {@link #decide} answers
 * {@link Ownership.Undecided} for events at or after the horizon: the caller must pause the event's
 * partition and retry, never guess (invariant 1).
 *
 * <p>Invalid records are logged and ignored by every instance alike. Thread-safe.
 */
public final class RouteLog implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(RouteLog.class);

    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);

    private final Options options;
    private final RouteHistory.Builder builder = RouteHistory.builder();
    private final Object monitor = new Object();
    private final Thread thread;
    private LogFollower<byte[], byte[]> follower;
    private boolean changed;
    private volatile RouteSnapshot snapshot = RouteSnapshot.INITIAL;
    private volatile boolean running = true;
    private volatile InstallationRouteTiming installationTiming;

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
        public static final String DEFAULT_TOPIC = RewindTopics.ROUTES;

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
        this.thread = new Thread(this::refreshLoop, "rewind-route-horizon-" + options.topic());
        this.thread.setDaemon(true);
    }

    /** Ensures the topic ({@link RewindTopics#routes(String)}) and starts following it. */
    public static RouteLog start(Options options) {
        TopicAdmin.ensure(options.clientConfig(), RewindTopics.routes(options.topic()));
        RouteLog log = new RouteLog(options);
        log.follower = LogFollower.start(LogFollower.Options.of(options.topic(), options.clientConfig(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer()), log::apply);
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

    /**
     * The installation's route timing: the first {@link InstallationRouteTiming} read from the topic, if any
     * has been read yet ({@link RouteTimingAgreement}).
     */
    public Optional<InstallationRouteTiming> installationTiming() {
        return Optional.ofNullable(installationTiming);
    }

    /**
     * Waits until everything committed to the topic before this call has been read.
     *
     * @return whether it has, {@code false} after the timeout
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    /** Stops following the topic and releases the consumer. */
    @Override
    public void close() {
        synchronized (monitor) {
            running = false;
            monitor.notifyAll();
        }
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        follower.close();
    }

    /**
     * Moves the horizon: notes the local time {@code W}, waits until the follower has read everything committed
     * before, publishes {@code horizon(W)}; then waits for the refresh interval.
     */
    private void refreshLoop() {
        while (running) {
            Instant observedAt = options.clock().instant();
            try {
                if (follower.awaitCaughtUp(CATCH_UP_TIMEOUT)) {
                    publish(observedAt);
                } else if (running) {
                    LOGGER.atWarn().addKeyValue("topic", options.topic()).log(
                            "Route log could not read to the end in time; the horizon stays where it is");
                }
                synchronized (monitor) {
                    if (running) {
                        monitor.wait(options.refreshInterval().toMillis());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Applies one record on the follower's thread; invalid records are logged and ignored by every instance. */
    private void apply(ConsumerRecord<byte[], byte[]> record, byte[] key, byte[] value) {
        if (value == null) {
            return;
        }
        try {
            Object change = RouteRecords.decode(value);
            synchronized (builder) {
                if (change instanceof RouteChange route) {
                    builder.add(route);
                } else if (change instanceof OwnershipTimeFix fix) {
                    builder.add(fix);
                } else if (change instanceof InstallationRouteTiming timing) {
                    if (installationTiming == null) {
                        installationTiming = timing; // the first in the topic's order is the installation's
                    }
                    return;
                } else {
                    builder.add((ChannelChange) change);
                }
                changed = true;
            }
        } catch (IllegalArgumentException e) {
            LOGGER.atWarn().addKeyValue("topic", record.topic()).addKeyValue("partition", record.partition())
                    .addKeyValue("offset", record.offset()).addKeyValue("reason", e.getMessage())
                    .log("Ignoring invalid route record");
        }
    }

    private void publish(Instant observedAt) {
        RouteSnapshot current = snapshot;
        RouteHistory history;
        synchronized (builder) {
            history = changed ? builder.build() : current.history();
            changed = false;
        }
        Instant horizon = options.timing().horizon(observedAt);
        if (horizon.isBefore(current.horizon())) {
            horizon = current.horizon(); // a clock step backwards must not shrink what was promised
        }
        synchronized (monitor) {
            snapshot = new RouteSnapshot(history, horizon);
            monitor.notifyAll();
        }
    }
}
