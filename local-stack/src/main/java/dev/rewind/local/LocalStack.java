package dev.rewind.local;

import dev.rewind.examples.release.generator.DemoEventGenerator;
import dev.rewind.kafka.embedded.EmbeddedKafka;
import dev.rewind.engine.routing.RouteTiming;
import dev.rewind.engine.runtime.ComponentRuntime;
import dev.rewind.local.internal.ConnectWorkerProcess;
import dev.rewind.local.internal.DemoRoutes;
import dev.rewind.local.internal.DemoTopics;
import dev.rewind.local.internal.DemoVersions;
import dev.rewind.examples.release.ReleaseDemo;
import dev.rewind.replaytool.ReplayToolServer;
import dev.rewind.replaytool.history.HistoryConfig;
import dev.rewind.local.internal.KafkaCheck;
import dev.rewind.registry.SchemaRegistryServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole of rewind on one machine, in one JVM: a Kafka broker (embedded KRaft with its data
 * under {@link LocalStackOptions#home()}, or an existing cluster), the schema registry (embedded
 * or existing), the replay service's REST API and, unless turned off, the release-coordinator demo.
 *
 * <p>{@link #start} returns once everything is ready; {@link #close} stops what it started in
 * reverse order and is idempotent. Nothing is deleted: a restart on the same home finds its
 * topics, schemas, routes and state again. Thread-safe.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(LocalStack.class);
    /** The demo's sink connector with {@code --connect}. */
    public static final String DECISIONS_TO_FILE = "release-decisions-to-file";

    private final LocalStackOptions options;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private String bootstrapServers;
    private String registryUrl;
    private boolean embeddedKafka;
    private boolean embeddedRegistry;
    private DemoEventGenerator generator;
    private DemoVersions demoVersions;
    private ConnectWorkerProcess connectWorker;
    private String serviceUrl;
    private List<String> demoRoutes = List.of();
    private Duration startupTime;
    private final Map<String, Duration> partTimes = new LinkedHashMap<>();
    private boolean closed;

    private LocalStack(LocalStackOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Starts the stack.
     *
     * @throws IllegalStateException naming the part that failed and how to fix it; whatever had
     *     started is stopped again
     */
    public static LocalStack start(LocalStackOptions options) {
        LocalStack stack = new LocalStack(options);
        long begin = System.nanoTime();
        try {
            stack.timed("kafka", stack::startKafka);
            stack.timed("registry", stack::startRegistry);
            if (options.demo()) {
                stack.prepareDemo();
            }
            stack.startServiceAndVersions();
            if (options.demo()) {
                stack.timed("generator", stack::startGenerator);
            }
            if (options.connect() != null) {
                stack.timed("connect", stack::startConnect);
            }
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        stack.startupTime = Duration.ofNanos(System.nanoTime() - begin);
        LOGGER.atInfo().setMessage("Local stack ready").addKeyValue("startupMillis", stack.startupTime.toMillis())
                .addKeyValue("parts", stack.partTimes).log();
        return stack;
    }

    private void startKafka() {
        if (options.kafka() != null) {
            KafkaCheck.reachable(options.kafka());
            bootstrapServers = options.kafka();
            return;
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.keptIn(options.home().resolve("kafka"))
                .withPort(options.kafkaPort()));
        resources.push(kafka);
        embeddedKafka = true;
        bootstrapServers = kafka.bootstrapServers();
    }

    private void startRegistry() {
        if (options.registryUrl() != null) {
            registryUrl = options.registryUrl();
            return;
        }
        SchemaRegistryServer registry = SchemaRegistryServer.start(
                SchemaRegistryServer.Options.of(bootstrapServers).withHost(options.bindAddress())
                        .withPort(options.registryPort()));
        resources.push(registry);
        embeddedRegistry = true;
        registryUrl = registry.url();
    }

    private void prepareDemo() {
        timed("demo topics", () -> {
            try (Admin admin = Admin.create(clientConfig())) {
                DemoTopics.create(admin);
            }
        });
        timed("demo routes", () -> demoRoutes = DemoRoutes.ensure(clientConfig(), RouteTiming.DEFAULTS));
    }

    /** The service and the demo versions do not need each other: start them side by side. */
    private void startServiceAndVersions() {
        CompletableFuture<DemoVersions> versions = options.demo()
                ? CompletableFuture.supplyAsync(() -> timedGet("demo versions",
                        () -> DemoVersions.start(bootstrapServers, registryUrl, options.home())))
                : CompletableFuture.completedFuture(null);
        RuntimeException failure = null;
        try {
            timed("replay service", this::startService);
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            DemoVersions started = versions.join();
            if (started != null) {
                resources.push(started);
                demoVersions = started;
            }
        } catch (CompletionException e) {
            RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
            if (failure == null) {
                failure = cause;
            } else {
                failure.addSuppressed(cause);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void startService() {
        ReplayToolServer.Options.Builder serviceOptions = ReplayToolServer.Options.builder(bootstrapServers,
                registryUrl).host(options.bindAddress()).port(options.apiPort());
        if (options.demo()) {
            serviceOptions.history(Map.of(
                    HistoryConfig.SOURCE_TOPICS_CONFIG, ReleaseDemo.EVENTS_TOPIC,
                    HistoryConfig.STATE_DIR_CONFIG, options.home().resolve("history").toAbsolutePath().toString()));
        }
        ReplayToolServer server = startWithRetries(serviceOptions.build());
        resources.push(server);
        serviceUrl = server.url();
    }

    /**
     * On a fresh cluster the control topic may have just been created (by the service or by an
     * engine instance starting beside it) and its metadata not have reached every listener yet;
     * the service then fails fast. A couple of retries ride that out.
     */
    private static ReplayToolServer startWithRetries(ReplayToolServer.Options serviceOptions) {
        for (int attempt = 1; ; attempt++) {
            try {
                return ReplayToolServer.start(serviceOptions);
            } catch (IllegalStateException e) {
                if (attempt >= 3) {
                    throw e;
                }
                LOGGER.atInfo().setMessage("Replay service not started yet, retrying").addKeyValue("attempt", attempt)
                        .addKeyValue("reason", e.getMessage()).log();
                try {
                    Thread.sleep(1_000L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void startGenerator() {
        generator = DemoEventGenerator.start(DemoEventGenerator.Options.demo(bootstrapServers, registryUrl,
                options.eventsPerSecond()));
        resources.push(generator);
    }

    /**
     * A Kafka Connect worker in its own process; with the demo, a file sink delivering the demo's committed
     * decisions, written by rewind's Avro converter, to {@code <home>/connect/release-decisions.txt}.
     */
    private void startConnect() {
        ConnectWorkerProcess worker = ConnectWorkerProcess.start(options.connect(), bootstrapServers, registryUrl,
                options.home().resolve("connect"));
        resources.push(worker);
        connectWorker = worker;
        if (options.demo()) {
            worker.configure(DECISIONS_TO_FILE, Map.of(
                    "connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector",
                    "topics", ReleaseDemo.DECISIONS_TOPIC,
                    "file", decisionsFile().toAbsolutePath().toString(),
                    // outputs are written in the engine's transactions: deliver only committed ones
                    "consumer.override.isolation.level", "read_committed"));
        }
    }

    /** The file the demo's decisions are delivered to with {@code --connect}. */
    public Path decisionsFile() {
        return options.home().resolve("connect").resolve("release-decisions.txt");
    }

    /** The Kafka Connect worker's REST API, e.g. {@code http://127.0.0.1:8083/}, when started ({@code --connect}). */
    public Optional<URI> connectUrl() {
        return Optional.ofNullable(connectWorker).map(ConnectWorkerProcess::url);
    }

    private <T> T timedGet(String part, Supplier<T> start) {
        long begin = System.nanoTime();
        T value = start.get();
        synchronized (partTimes) {
            partTimes.put(part, Duration.ofNanos(System.nanoTime() - begin));
        }
        return value;
    }

    private void timed(String part, Runnable start) {
        timedGet(part, () -> {
            start.run();
            return null;
        });
    }

    /** Kafka client settings reaching this stack's cluster. */
    public Map<String, Object> clientConfig() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    /** The bootstrap servers of the broker in use. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Whether the broker is the embedded one. */
    public boolean embeddedKafka() {
        return embeddedKafka;
    }

    /** The schema registry's base URL. */
    public String registryUrl() {
        return registryUrl;
    }

    /** Whether the registry is the embedded one. */
    public boolean embeddedRegistry() {
        return embeddedRegistry;
    }

    /** The folder keeping data across restarts. */
    public Path home() {
        return options.home();
    }

    /** The demo's generator, when the demo runs. */
    public Optional<DemoEventGenerator> generator() {
        return Optional.ofNullable(generator);
    }

    /** The demo routes this start published (none when they existed already). */
    public List<String> demoRoutesPublished() {
        return demoRoutes;
    }

    /** How long each part took to start, in the order they finished. */
    public Map<String, Duration> partStartupTimes() {
        synchronized (partTimes) {
            return new LinkedHashMap<>(partTimes);
        }
    }

    /** The replay service's base URL, e.g. {@code http://localhost:8080}; its REST API is under {@code /api/v1}. */
    public String serviceUrl() {
        return serviceUrl;
    }

    /** The demo's running versions ({@code v1} first); empty without the demo. */
    public List<ComponentRuntime> demoRuntimes() {
        return demoVersions == null ? List.of() : demoVersions.runtimes();
    }

    /** How long {@link #start} took. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Stops everything this stack started, newest first. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOGGER.atWarn().setMessage("Could not stop part of the local stack")
                        .addKeyValue("part", resource.getClass().getSimpleName()).setCause(e).log();
            }
        }
        LOGGER.atInfo().setMessage("Local stack stopped").log();
    }
}
