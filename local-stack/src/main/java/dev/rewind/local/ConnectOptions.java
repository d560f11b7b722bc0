package dev.rewind.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How {@code rewind up --connect} starts its Kafka Connect worker: in a JVM of its own (Connect's Jetty 12 and the
 * registry's and service's Jetty 11 cannot share one classpath), on the classpath the connectors module's build
 * lists, with rewind's converter and transforms on its plugin path.
 *
 * @param workerClasspath a file holding the worker's classpath ({@code connectors/target/connect-worker.classpath},
 *     written by the connectors module's build)
 * @param pluginPath the worker's {@code plugin.path} ({@code connectors/target/connect-plugins})
 * @param port the worker's REST port (0 = any free port)
 */
public record ConnectOptions(Path workerClasspath, Path pluginPath, int port) {

    /** The REST port Kafka Connect uses by default. */
    public static final int DEFAULT_PORT = 8083;

    /** Validates: both built, the port in range. */
    public ConnectOptions {
        Objects.requireNonNull(workerClasspath, "workerClasspath");
        Objects.requireNonNull(pluginPath, "pluginPath");
        String build = "; build the connectors module (./mvnw -B -pl connectors -am package -DskipTests, which"
                + " ./rewind up --connect does)";
        if (!Files.isRegularFile(workerClasspath)) {
            throw new IllegalArgumentException("The Connect worker's classpath file " + workerClasspath.toAbsolutePath()
                    + " does not exist" + build);
        }
        if (!Files.isDirectory(pluginPath.resolve("rewind-connectors"))) {
            throw new IllegalArgumentException("The Connect plugin path " + pluginPath.toAbsolutePath()
                    + " has no rewind-connectors plugin" + build);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--connect-port must be 0 (any free port) to 65535, was " + port);
        }
    }

    /** What the connectors module's build writes under {@code connectorsTarget} ({@code connectors/target}). */
    public static ConnectOptions builtIn(Path connectorsTarget, int port) {
        return new ConnectOptions(connectorsTarget.resolve("connect-worker.classpath"),
                connectorsTarget.resolve("connect-plugins"), port);
    }
}
