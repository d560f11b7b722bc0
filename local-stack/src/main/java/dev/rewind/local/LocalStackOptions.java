package dev.rewind.local;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to start a {@link LocalStack}.
 *
 * @param home the folder keeping the broker's data and the demo's state across restarts
 *     (default {@code .rewind})
 * @param kafka bootstrap servers of an existing Kafka cluster; null starts the embedded broker
 * @param registryUrl URL of an existing Confluent-compatible registry; null starts the embedded one
 * @param demo whether to run the release-coordinator demo (topics, v1 and v2, routes, generator)
 * @param kafkaPort port of the embedded broker (0 = any free port)
 * @param registryPort port of the embedded registry (0 = any free port)
 * @param apiPort port of the replay service's REST API (0 = any free port)
 * @param eventsPerSecond rate of the demo's event generator
 * @param bindAddress the address the registry's and the replay service's HTTP servers (REST API and
 *     console) listen on: {@value #LOOPBACK} by default, as the embedded broker, so nothing is
 *     reachable from another machine unless asked; {@code 0.0.0.0} for every interface
 * @param connect how to start a Kafka Connect worker beside the stack ({@code --connect}); null starts none
 */
public record LocalStackOptions(Path home, String kafka, String registryUrl, boolean demo,
                                int kafkaPort, int registryPort, int apiPort, double eventsPerSecond,
                                String bindAddress, ConnectOptions connect) {

    /** The default bind address: this machine only. */
    public static final String LOOPBACK = "127.0.0.1";

    /** The default home folder, relative to the working directory. */
    public static final Path DEFAULT_HOME = Path.of(".rewind");
    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_REGISTRY_PORT = 8081;
    /** The port the {@code rewind} CLI talks to by default. */
    public static final int DEFAULT_API_PORT = 8080;
    public static final double DEFAULT_EVENTS_PER_SECOND = 20;

    /** Validates. */
    public LocalStackOptions {
        Objects.requireNonNull(home, "home");
        if (kafka != null && kafka.isBlank()) {
            kafka = null;
        }
        if (registryUrl != null && registryUrl.isBlank()) {
            registryUrl = null;
        }
        checkPort("--kafka-port", kafkaPort);
        checkPort("--registry-port", registryPort);
        checkPort("--port", apiPort);
        if (bindAddress == null || bindAddress.isBlank()) {
            bindAddress = LOOPBACK;
        }
        if (!(eventsPerSecond > 0)) {
            throw new IllegalArgumentException("--rate must be above 0 events per second, was " + eventsPerSecond);
        }
    }

    /** Options listening on {@value #LOOPBACK}, without a Connect worker. */
    public LocalStackOptions(Path home, String kafka, String registryUrl, boolean demo, int kafkaPort, int registryPort,
            int apiPort, double eventsPerSecond) {
        this(home, kafka, registryUrl, demo, kafkaPort, registryPort, apiPort, eventsPerSecond, LOOPBACK, null);
    }

    /** Everything embedded on the default ports, with the demo, data in {@code .rewind}. */
    public static LocalStackOptions defaults() {
        return new LocalStackOptions(DEFAULT_HOME, null, null, true, DEFAULT_KAFKA_PORT,
                DEFAULT_REGISTRY_PORT, DEFAULT_API_PORT, DEFAULT_EVENTS_PER_SECOND, LOOPBACK, null);
    }

    /** Everything embedded on free ports, with the demo, data in {@code home}: for tests. */
    public static LocalStackOptions onFreePorts(Path home) {
        return new LocalStackOptions(home, null, null, true, 0, 0, 0, DEFAULT_EVENTS_PER_SECOND, LOOPBACK, null);
    }

    public LocalStackOptions withDemo(boolean value) {
        return new LocalStackOptions(home, kafka, registryUrl, value, kafkaPort, registryPort, apiPort,
                eventsPerSecond, bindAddress, connect);
    }

    public LocalStackOptions withExternalKafka(String bootstrapServers) {
        return new LocalStackOptions(home, bootstrapServers, registryUrl, demo, kafkaPort, registryPort,
                apiPort, eventsPerSecond, bindAddress, connect);
    }

    public LocalStackOptions withExternalRegistry(String url) {
        return new LocalStackOptions(home, kafka, url, demo, kafkaPort, registryPort, apiPort,
                eventsPerSecond, bindAddress, connect);
    }

    public LocalStackOptions withEventsPerSecond(double value) {
        return new LocalStackOptions(home, kafka, registryUrl, demo, kafkaPort, registryPort, apiPort, value,
                bindAddress, connect);
    }

    /** Listens on {@code address} instead of {@value #LOOPBACK}, e.g. {@code 0.0.0.0}. */
    public LocalStackOptions withBindAddress(String address) {
        return new LocalStackOptions(home, kafka, registryUrl, demo, kafkaPort, registryPort, apiPort,
                eventsPerSecond, address, connect);
    }

    /** With a Kafka Connect worker started as {@code value} says; null for none. */
    public LocalStackOptions withConnect(ConnectOptions value) {
        return new LocalStackOptions(home, kafka, registryUrl, demo, kafkaPort, registryPort, apiPort,
                eventsPerSecond, bindAddress, value);
    }

    private static void checkPort(String option, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(option + " must be 0 (any free port) to 65535, was " + port);
        }
    }
}
