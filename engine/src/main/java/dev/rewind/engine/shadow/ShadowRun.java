package dev.rewind.engine.shadow;

import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.processor.ProcessorSupplier;
import dev.rewind.engine.shadow.internal.ShadowLoop;
import dev.rewind.engine.shadow.internal.ShadowSettings;
import dev.rewind.protocol.CohortSelector;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A shadow run: a build of a component that is not deployed runs on one cohort's live events and its
 * outputs are compared with those of the version owning each event (see the package documentation for
 * what it never touches).
 *
 * <p>Lifecycle: {@link Builder#start()} starts it on a thread of its own; {@link #snapshot()} reads how
 * far it got at any time; {@link #stop()} asks it to stop and {@link #awaitFinished(Duration)} waits for
 * the final snapshot, after which the consumer, the processor and the state sandbox (its temporary
 * directory included) are closed. {@link #close()} does both. The listener gets a snapshot every report
 * interval and the final one, on the run's thread. Thread-safe.
 */
public final class ShadowRun implements AutoCloseable {

    /** How long {@link #close()} waits for the run to finish. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final ShadowLoop loop;
    private final Thread thread;
    private final CountDownLatch finished = new CountDownLatch(1);

    private ShadowRun(ShadowLoop loop, String name) {
        this.loop = loop;
        this.thread = new Thread(() -> {
            try {
                loop.run();
            } finally {
                finished.countDown();
            }
        }, name);
        this.thread.setDaemon(true);
    }

    /**
     * A run of {@code processors} as the build named by {@code config}'s {@code version}.
     *
     * @param config the build's settings: {@code component}, {@code version} (the build's name; it never
     *     becomes a consumer group), {@code source.topics}, Kafka client and registry settings
     */
    public static Builder builder(EngineConfig config, ProcessorSupplier processors) {
        return new Builder(config, processors);
    }

    /** The latest snapshot. */
    public ShadowSnapshot snapshot() {
        return loop.latest();
    }

    /** Asks the run to stop after its current poll; returns at once. */
    public void stop() {
        loop.stop();
    }

    /**
     * Waits for the run to end (after {@link #stop()} or a failure).
     *
     * @return the final snapshot, or the latest one if it did not end in time
     */
    public ShadowSnapshot awaitFinished(Duration timeout) throws InterruptedException {
        finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return loop.latest();
    }

    /** Whether the run has ended. */
    public boolean finished() {
        return finished.getCount() == 0;
    }

    /** Stops the run and waits up to {@link #CLOSE_TIMEOUT} for it to release everything. */
    @Override
    public void close() {
        stop();
        try {
            awaitFinished(CLOSE_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Settings of a shadow run; only the cohort is required. */
    public static final class Builder {
        private final EngineConfig config;
        private final ProcessorSupplier processors;
        private CohortSelector cohort;
        private Instant from;
        private String stateFrom;
        private Duration settleTimeout = Duration.ofMinutes(2);
        private Duration reportInterval = Duration.ofSeconds(1);
        private Path sandboxParent = Path.of(System.getProperty("java.io.tmpdir"), "rewind-shadow");
        private Clock clock = Clock.systemUTC();
        private Consumer<ShadowSnapshot> listener = s -> { };

        private Builder(EngineConfig config, ProcessorSupplier processors) {
            this.config = Objects.requireNonNull(config, "config");
            this.processors = Objects.requireNonNull(processors, "processors");
        }

        /** The cohort whose events the build runs on, e.g. {@code plan:enterprise}. */
        public Builder cohort(CohortSelector value) {
            this.cohort = value;
            return this;
        }

        /** Runs events from this time on (their record timestamp); default: from the start, live. */
        public Builder from(Instant value) {
            this.from = value;
            return this;
        }

        /** The version whose committed state to start from; default: the cohort's owner at the start. */
        public Builder stateFrom(String version) {
            this.stateFrom = version;
            return this;
        }

        /** How long to wait for an owner's outcome before counting an event unmatched (default 2 min). */
        public Builder settleTimeout(Duration value) {
            this.settleTimeout = value;
            return this;
        }

        /** How often the listener gets a snapshot (default 1 s). */
        public Builder reportInterval(Duration value) {
            this.reportInterval = value;
            return this;
        }

        /** Where the state sandbox's temporary directory goes (default {@code <java.io.tmpdir>/rewind-shadow}). */
        public Builder sandboxDirectory(Path value) {
            this.sandboxParent = value;
            return this;
        }

        /** The clock (tests). */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** Receives snapshots on the run's thread; it must not block for long. */
        public Builder listener(Consumer<ShadowSnapshot> value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /** Starts the run on its own thread. */
        public ShadowRun start() {
            if (cohort == null) {
                throw new IllegalArgumentException("A shadow run needs a cohort, e.g. plan:enterprise");
            }
            ShadowSettings settings = new ShadowSettings(cohort, from, stateFrom, settleTimeout, reportInterval,
                    sandboxParent, clock.instant(), clock);
            ShadowRun run = new ShadowRun(new ShadowLoop(config, processors, settings, listener),
                    "rewind-shadow-" + config.component() + "-" + config.version());
            run.thread.start();
            return run;
        }
    }
}
