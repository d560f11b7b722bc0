package dev.rewind.local.internal;

import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.runtime.ComponentRuntime;
import dev.rewind.examples.release.ReleaseCoordinator;
import dev.rewind.examples.release.ReleaseDemo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's two versions, {@code release-coordinator.v1} and {@code .v2}, each one engine
 * runtime (its own consumer group) in this JVM, with state under {@code <home>/state/<version>}.
 */
public final class DemoVersions implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final List<ComponentRuntime> runtimes;

    private DemoVersions(List<ComponentRuntime> runtimes) {
        this.runtimes = runtimes;
    }

    /**
     * Starts both versions and waits until they run.
     *
     * @throws IllegalStateException naming the version that did not start
     */
    public static DemoVersions start(String bootstrapServers, String registryUrl, Path home) {
        List<ComponentRuntime> started = new ArrayList<>();
        DemoVersions versions = new DemoVersions(started);
        try {
            for (String version : ReleaseDemo.VERSIONS) {
                ComponentRuntime runtime = ComponentRuntime.builder(EngineConfig.of(
                                settings(bootstrapServers, registryUrl, home, version)))
                        .processor(ReleaseCoordinator::new).build();
                started.add(runtime);
                runtime.start();
            }
            for (ComponentRuntime runtime : started) {
                if (!runtime.awaitRunning(START_TIMEOUT)) {
                    throw new IllegalStateException(runtime.componentVersion() + " did not start within "
                            + START_TIMEOUT.toSeconds() + " s");
                }
            }
            return versions;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            versions.close();
            throw new IllegalStateException("Interrupted while starting the demo versions", e);
        } catch (RuntimeException e) {
            versions.close();
            throw e;
        }
    }

    private static Map<String, Object> settings(String bootstrapServers, String registryUrl, Path home,
                                                String version) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(EngineConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(EngineConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);
        settings.put(EngineConfig.COMPONENT_CONFIG, ReleaseDemo.COMPONENT);
        settings.put(EngineConfig.VERSION_CONFIG, version);
        settings.put(EngineConfig.SOURCE_TOPICS_CONFIG, ReleaseDemo.EVENTS_TOPIC);
        settings.put(EngineConfig.STATE_DIR_CONFIG, home.resolve("state").resolve(version).toAbsolutePath().toString());
        // a stable id: a restarted stack fences its own previous instance instead of waiting it out
        settings.put(EngineConfig.INSTANCE_ID_CONFIG, "local");
        // after a kill the previous run's member stays in the group until its session times out, and its
        // partitions (with any replay pending on them) wait for that: 6 s (the broker's minimum) instead of
        // Kafka's 45 s makes a restarted stack pick up within seconds
        settings.put("consumer.session.timeout.ms", "6000");
        settings.put("consumer.heartbeat.interval.ms", "2000");
        return settings;
    }

    /** The running runtimes, v1 first. */
    public List<ComponentRuntime> runtimes() {
        return List.copyOf(runtimes);
    }

    /** Stops both versions (they leave their groups). */
    @Override
    public void close() {
        for (int i = runtimes.size() - 1; i >= 0; i--) {
            runtimes.get(i).close();
        }
    }
}
