package dev.rewind.replaytool.testing;

import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.runtime.ComponentRuntime;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.examples.release.ReleaseCoordinator;
import dev.rewind.examples.release.ReleaseDemo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Starts one engine instance of a component version for the service's end-to-end tests. */
public final class VersionRuntimes {

    private VersionRuntimes() {
    }

    /**
     * A running instance of {@code component}'s {@code version} reading {@code source}, with its state
     * under {@code stateDir/version} and a 50 ms commit interval; the caller closes it.
     *
     * @throws AssertionError if it is not running within {@code patience}
     */
    public static ComponentRuntime start(KafkaCluster cluster, String registryUrl, Path stateDir, String component,
            String source, String version, String instanceId, Supplier<? extends EventProcessor> processor,
            Duration patience) throws InterruptedException {
        return start(Map.of(EngineConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()), registryUrl, stateDir,
                component, source, version, instanceId, processor, patience);
    }

    /**
     * As {@link #start(KafkaCluster, String, Path, String, String, String, String, Supplier, Duration)}
     * with the Kafka client settings {@code client} ({@code bootstrap.servers} and any security settings).
     */
    public static ComponentRuntime start(Map<String, Object> client, String registryUrl, Path stateDir,
            String component, String source, String version, String instanceId,
            Supplier<? extends EventProcessor> processor, Duration patience) throws InterruptedException {
        Map<String, Object> props = new HashMap<>(client);
        props.put(EngineConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);
        props.put(EngineConfig.COMPONENT_CONFIG, component);
        props.put(EngineConfig.VERSION_CONFIG, version);
        props.put(EngineConfig.SOURCE_TOPICS_CONFIG, source);
        props.put(EngineConfig.STATE_DIR_CONFIG, stateDir.resolve(version).toString());
        props.put(EngineConfig.INSTANCE_ID_CONFIG, instanceId);
        props.put(EngineConfig.COMMIT_INTERVAL_MS_CONFIG, "50");
        ComponentRuntime runtime = ComponentRuntime.builder(EngineConfig.of(props)).processor(processor::get).build();
        runtime.start();
        if (!runtime.awaitRunning(patience)) {
            runtime.close();
            throw new AssertionError("runtime " + component + "." + version + " did not start: " + runtime.state());
        }
        return runtime;
    }

    /**
     * The demo's release coordinator, every version of {@link ReleaseDemo#VERSIONS}, one instance each (instance id
     * {@code <version><instanceSuffix>}), as {@link #start(KafkaCluster, String, Path, String, String, String, String,
     * Supplier, Duration)} starts them; the caller closes them.
     */
    public static List<ComponentRuntime> startDemo(KafkaCluster cluster, String registryUrl, Path stateDir,
            String component, String source, String instanceSuffix, Duration patience) throws InterruptedException {
        List<ComponentRuntime> runtimes = new ArrayList<>();
        for (String version : ReleaseDemo.VERSIONS) {
            runtimes.add(start(cluster, registryUrl, stateDir, component, source, version, version + instanceSuffix,
                    ReleaseCoordinator::new, patience));
        }
        return runtimes;
    }
}
