package dev.rewind.engine.runtime;

import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.health.HealthProbes;
import dev.rewind.engine.metrics.EngineMetrics;
import dev.rewind.engine.metrics.MetricsEndpoint;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessorInit;
import dev.rewind.engine.processor.ProcessorSupplier;
import dev.rewind.engine.runtime.spi.ClientConfigs;
import dev.rewind.engine.runtime.internal.InstanceHealth;
import dev.rewind.engine.runtime.internal.ProcessorInstances;
import dev.rewind.engine.runtime.internal.RuntimeInstance;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance of a component version: a consumer in group {@code <component>.<version>}
 * and a transactional producer, processing the source topics with one {@link EventProcessor}.
 *
 * <p><b>Guarantees.</b> For every source event this instance's version owns, the processor's
 * outputs, the event's outcome on {@code rewind.outcomes} and the source offset are committed in
 * one transaction (EOS v2), so a {@code read_committed} reader sees each exactly once across
 * crashes, rebalances and broker failures. Events another version owns are skipped without calling
 * the processor; events newer than the route history read wait until it has caught up. Events of
 * one source partition are handled in offset order.
 *
 * <p><b>Lifecycle.</b> {@link #start()} starts the instance's one consumer thread, which creates the
 * processor (checking that the {@link ProcessorSupplier} hands out a new instance on every call),
 * connects and subscribes; {@link #awaitRunning(Duration)} waits for that. A failure
 * (start-up, or being fenced by a newer instance with the same {@code instance.id}) moves the
 * instance to {@link State#FAILED} with {@link #failure()}. {@link #close()} commits the open batch,
 * leaves the group, closes the processor and releases everything; it is idempotent.
 *
 * <p><b>Health.</b> {@link #health()} answers readiness (running, joined, assigned partitions restored, route
 * history caught up) and liveness (the consumer thread alive and polling, or restoring) as Kubernetes probes mean
 * them; with {@code metrics.port} set, {@code /readyz} and {@code /livez} serve them beside {@code /metrics}.
 *
 * <p>Thread-safe.
 */
public final class ComponentRuntime implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(ComponentRuntime.class);
    /** The consumer's {@code max.poll.interval.ms} default (ConsumerConfig's documentation). */
    private static final long KAFKA_DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;

    /** The lifecycle states. */
    public enum State {
        /** Built, not started. */
        CREATED,
        /** Thread started, connecting. */
        STARTING,
        /** Subscribed and processing. */
        RUNNING,
        /** Stopped by a failure, see {@link #failure()}. */
        FAILED,
        /** Closed. */
        CLOSED
    }

    private final EngineConfig config;
    private final ProcessorSupplier processorFactory;
    private final MeterRegistry meterRegistry;
    private final Clock clock;
    private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch settled = new CountDownLatch(1);
    private final Thread thread;
    private final InstanceHealth health;
    private volatile RuntimeInstance instance;
    private MetricsEndpoint endpoint;

    private ComponentRuntime(Builder builder) {
        this.config = builder.config;
        this.processorFactory = builder.processorFactory;
        this.meterRegistry = builder.meterRegistry != null ? builder.meterRegistry
                : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.clock = builder.clock;
        this.thread = new Thread(this::runThread, "rewind-" + config.transactionalId());
        this.health = new InstanceHealth(config.groupId(), maxPollInterval(config),
                InstanceHealth.DEFAULT_ROUTE_HISTORY_MAX_LAG, thread::isAlive, System::nanoTime);
    }

    /** The consumer's {@code max.poll.interval.ms}, as configured or Kafka's default. */
    private static Duration maxPollInterval(EngineConfig config) {
        Object configured = ClientConfigs.consumer(config).get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
        return Duration.ofMillis(configured == null ? KAFKA_DEFAULT_MAX_POLL_INTERVAL_MS
                : Long.parseLong(configured.toString()));
    }

    /** A builder for a runtime with the given settings. */
    public static Builder builder(EngineConfig config) {
        return new Builder(config);
    }

    /**
     * Starts the consumer thread and, if {@code metrics.port} is set, the scrape and probe endpoint.
     *
     * @throws IllegalStateException if already started
     */
    public synchronized void start() {
        if (!state.compareAndSet(State.CREATED, State.STARTING)) {
            throw new IllegalStateException("Runtime " + config.transactionalId() + " was already started");
        }
        if (config.metricsPort() != 0 && meterRegistry instanceof PrometheusMeterRegistry prometheus) {
            endpoint = new MetricsEndpoint(prometheus, health, Math.max(0, config.metricsPort()));
        }
        health.starting();
        thread.start();
    }

    /**
     * Waits until the instance runs.
     *
     * @return {@code true} if running, {@code false} on timeout
     * @throws IllegalStateException with the cause if the instance failed or was closed
     */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        settled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        State current = state.get();
        if (current == State.FAILED || current == State.CLOSED) {
            throw new IllegalStateException("Runtime " + config.transactionalId() + " is " + current,
                    failure.get());
        }
        return current == State.RUNNING;
    }

    public State state() {
        return state.get();
    }

    /** Why the instance failed, if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** The component and version this instance runs. */
    public ComponentVersion componentVersion() {
        return new ComponentVersion(config.component(), config.version());
    }

    /** Readiness and liveness of this instance, as its {@code /readyz} and {@code /livez} serve them. */
    public HealthProbes health() {
        return health;
    }

    /** The registry the instance's metrics are in. */
    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    /** The Prometheus scrape URL, when {@code metrics.port} is not 0. */
    public synchronized Optional<URI> metricsUri() {
        return Optional.ofNullable(endpoint).map(MetricsEndpoint::uri);
    }

    /** Commits the open batch, stops the thread and releases everything. Idempotent. */
    @Override
    public void close() {
        State previous = state.getAndUpdate(s -> s == State.FAILED ? s : State.CLOSED);
        if (previous != State.FAILED) {
            health.stopped("Closed: the instance is stopping or stopped.");
        }
        RuntimeInstance current = instance;
        if (current != null) {
            current.stop();
        }
        if (previous != State.CREATED && thread != Thread.currentThread()) {
            try {
                thread.join(Duration.ofMinutes(1).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (endpoint != null) {
                endpoint.close();
                endpoint = null;
            }
        }
        settled.countDown();
    }

    private void runThread() {
        ComponentVersion componentVersion = componentVersion();
        ProcessorInstances processors = new ProcessorInstances(processorFactory);
        try (EventProcessor processor = processors.get()) {
            processors.verifyNewInstanceOnEveryCall();
            processor.init(new ProcessorInit(componentVersion, config.processorSettings()));
            RuntimeInstance built = new RuntimeInstance(config, processor, processors,
                    new EngineMetrics(meterRegistry, componentVersion), clock, health);
            instance = built;
            if (state.get() == State.CLOSED) {
                return;
            }
            built.run(() -> {
                state.compareAndSet(State.STARTING, State.RUNNING);
                settled.countDown();
            });
        } catch (Throwable e) {
            if (state.get() != State.CLOSED) {
                failure.set(e);
                state.set(State.FAILED);
                health.stopped("Failed: " + e + "; the instance does not process until it is restarted.");
                LOGGER.atError().setCause(e).addKeyValue("component", componentVersion.component())
                        .addKeyValue("version", componentVersion.version()).log("Component version failed");
            }
        } finally {
            settled.countDown();
        }
    }

    /** Builds a {@link ComponentRuntime}. Not thread-safe. */
    public static final class Builder {

        private final EngineConfig config;
        private ProcessorSupplier processorFactory;
        private MeterRegistry meterRegistry;
        private Clock clock = Clock.systemUTC();

        private Builder(EngineConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * Where the runtime gets its processors: one for live processing, one more for each dry run.
         * Required. Every call must return a new instance ({@code MyProcessor::new}, not
         * {@code () -> processor}); the runtime checks this when it starts and on every later call,
         * and fails with an {@link IllegalStateException} naming the {@link ProcessorSupplier}
         * contract otherwise.
         */
        public Builder processor(ProcessorSupplier factory) {
            this.processorFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * The registry to record metrics in; default a new Prometheus registry (which the
         * {@code metrics.port} endpoint serves; other registries are not served).
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** The clock for outcome timestamps and lag; default the system UTC clock. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Builds the runtime (not started). */
        public ComponentRuntime build() {
            if (processorFactory == null) {
                throw new IllegalStateException("A processor is required: call processor(...)");
            }
            return new ComponentRuntime(this);
        }
    }
}
