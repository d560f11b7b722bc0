package dev.rewind.connect.it;

import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.processor.ProcessorSupplier;
import dev.rewind.engine.runtime.ComponentRuntime;
import dev.rewind.kafka.junit.KafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Component versions on the engine's own runtime, as the connectors' end-to-end tests run them. */
final class EngineVersions {

    private EngineVersions() {
    }

    /** Starts {@code component} {@code version} on {@code events} and waits until it runs. */
    static ComponentRuntime start(KafkaCluster cluster, String registryUrl, String component, String version,
                                  String events, Path stateDir, ProcessorSupplier processor)
            throws InterruptedException {
        Map<String, Object> settings = new HashMap<>();
        settings.put(EngineConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        settings.put(EngineConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);
        settings.put(EngineConfig.COMPONENT_CONFIG, component);
        settings.put(EngineConfig.VERSION_CONFIG, version);
        settings.put(EngineConfig.SOURCE_TOPICS_CONFIG, events);
        settings.put(EngineConfig.STATE_DIR_CONFIG, stateDir.resolve(version).toString());
        settings.put(EngineConfig.INSTANCE_ID_CONFIG, "e2e");
        settings.put(EngineConfig.COMMIT_INTERVAL_MS_CONFIG, "50");
        settings.put(EngineConfig.REPLAY_MAX_EVENTS_PER_SECOND_CONFIG, "100000");
        ComponentRuntime runtime = ComponentRuntime.builder(EngineConfig.of(settings)).processor(processor).build();
        runtime.start();
        if (!runtime.awaitRunning(Duration.ofMinutes(2))) {
            runtime.close();
            throw new AssertionError(version + " did not start: " + runtime.state());
        }
        return runtime;
    }
}
