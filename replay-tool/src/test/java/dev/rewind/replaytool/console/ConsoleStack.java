package dev.rewind.replaytool.console;

import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.routing.Channel;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTarget;
import dev.rewind.engine.routing.RouteTiming;
import dev.rewind.engine.runtime.ComponentRuntime;
import dev.rewind.examples.release.ReleaseCoordinator;
import dev.rewind.examples.release.ReleaseDemo;
import dev.rewind.examples.release.generator.DemoEventGenerator;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.replaytool.ReplayToolServer;
import dev.rewind.replaytool.access.AccessTokens;
import dev.rewind.replaytool.history.HistoryConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The demo stack in this JVM for the browser test, all real: the test's broker, the schema
 * registry, release-coordinator v1 and v2 on the engine runtime, the demo event generator and the
 * replay service with its history index (the service serves the console). Channel {@code stable} points at v1 and every cohort
 * is routed to it from an hour ago on, so v2 runs but owns nothing until a replay moves a cohort.
 */
final class ConsoleStack implements AutoCloseable {

    static final String COMPONENT = ReleaseDemo.COMPONENT;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private Instant readyAt;
    private String bootstrapServers;
    private String registryUrl;
    private ReplayToolServer server;

    private ConsoleStack() {
    }

    static ConsoleStack start(KafkaCluster cluster, Path stateDir, double eventsPerSecond) throws Exception {
        ConsoleStack stack = new ConsoleStack();
        try {
            stack.startAll(cluster, stateDir, eventsPerSecond);
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void startAll(KafkaCluster cluster, Path stateDir, double eventsPerSecond) throws Exception {
        cluster.createTopic(ReleaseDemo.EVENTS_TOPIC, ReleaseDemo.PARTITIONS, (short) 1);
        cluster.createTopic(ReleaseDemo.DECISIONS_TOPIC, ReleaseDemo.PARTITIONS, (short) 1);
        SchemaRegistryServer registry = push(SchemaRegistryServer.start(
                SchemaRegistryServer.Options.of(cluster.bootstrapServers())));
        bootstrapServers = cluster.bootstrapServers();
        registryUrl = registry.url();
        publishBaselineRoutes(cluster);
        for (String version : ReleaseDemo.VERSIONS) {
            ComponentRuntime runtime = push(ComponentRuntime.builder(EngineConfig.of(
                    engineSettings(cluster, registry.url(), stateDir, version))).processor(ReleaseCoordinator::new).build());
            runtime.start();
            if (!runtime.awaitRunning(PATIENCE)) {
                throw new AssertionError(COMPONENT + " " + version + " did not start: " + runtime.state()
                        + runtime.failure().map(f -> " (" + f + ")").orElse(""));
            }
        }
        push(DemoEventGenerator.start(DemoEventGenerator.Options.demo(cluster.bootstrapServers(), registry.url(),
                eventsPerSecond)));
        server = push(ReplayToolServer.start(ReplayToolServer.Options.builder(cluster.bootstrapServers(), registry.url())
                .history(Map.of(
                        HistoryConfig.SOURCE_TOPICS_CONFIG, ReleaseDemo.EVENTS_TOPIC,
                        HistoryConfig.STATE_DIR_CONFIG, stateDir.resolve("history").toString(),
                        HistoryConfig.COMMIT_INTERVAL_MS_CONFIG, 200L)).build()));
        readyAt = Instant.now();
    }

    /** Routes as they stood before the test: published on a clock an hour behind, so in force at once. */
    private static void publishBaselineRoutes(KafkaCluster cluster) {
        Clock anHourAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
        try (RoutePublisher publisher = RoutePublisher.create(cluster.clientConfig(), RouteLog.Options.DEFAULT_TOPIC,
                RouteTiming.DEFAULTS, anHourAgo)) {
            publisher.setChannel(COMPONENT, new Channel("stable"), ReleaseDemo.BUGGY_VERSION, null, "console-it",
                    "the release everyone runs");
            publisher.setRoute(COMPONENT, CohortSelector.DEFAULT, RouteTarget.channel(new Channel("stable")), null,
                    "console-it", "baseline: everything on stable");
        }
    }

    private static Map<String, Object> engineSettings(KafkaCluster cluster, String registryUrl, Path stateDir,
            String version) {
        Map<String, Object> props = new HashMap<>();
        props.put(EngineConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(EngineConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);
        props.put(EngineConfig.COMPONENT_CONFIG, COMPONENT);
        props.put(EngineConfig.VERSION_CONFIG, version);
        props.put(EngineConfig.SOURCE_TOPICS_CONFIG, ReleaseDemo.EVENTS_TOPIC);
        props.put(EngineConfig.STATE_DIR_CONFIG, stateDir.resolve(version).toString());
        props.put(EngineConfig.INSTANCE_ID_CONFIG, version + "-console-it");
        return props;
    }

    /** A second replay service on the same cluster (no history index), with access control; the caller closes it. */
    ReplayToolServer anotherServer(AccessTokens tokens) {
        return ReplayToolServer.start(ReplayToolServer.Options.builder(bootstrapServers, registryUrl).tokens(tokens).build());
    }

    /** Writes one record to the demo's source topic as any producer could (bad input included). */
    void produce(int partition, Instant timestamp, byte[] key, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(ReleaseDemo.EVENTS_TOPIC, partition,
                    timestamp == null ? null : timestamp.toEpochMilli(), key, value)).get();
        }
    }

    /** The schema registry's URL. */
    String registryUrl() {
        return registryUrl;
    }

    /** The console's address. */
    String consoleUrl() {
        return server.url() + WebConsole.PATH + "/";
    }

    /** The replay service's base URL. */
    String serviceUrl() {
        return server.url();
    }

    /** When everything had started: events have been flowing since a little before. */
    Instant readyAt() {
        return readyAt;
    }

    private <T extends AutoCloseable> T push(T resource) {
        resources.push(resource);
        return resource;
    }

    @Override
    public void close() {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                // keep closing the rest; the test's own failure is the one that matters
            }
        }
    }
}
