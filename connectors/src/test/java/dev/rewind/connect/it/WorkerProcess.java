package dev.rewind.connect.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.cli.ConnectDistributed;

/**
 * A Kafka Connect worker in a JVM of its own, started as {@code connect-distributed.sh worker.properties} starts
 * one (main class {@link ConnectDistributed}, this test's classpath, rewind's plugins and Debezium's only on the
 * plugin path), so a test can kill it with SIGKILL: no shutdown hook runs, no transaction is committed or aborted,
 * no offset is flushed. Driven through its REST API; its output goes to {@code <dir>/worker-<n>.log}.
 */
final class WorkerProcess implements AutoCloseable {

    private final Process process;
    private final ConnectRest rest;

    private WorkerProcess(Process process, ConnectRest rest) {
        this.process = process;
        this.rest = rest;
    }

    /**
     * Starts a worker with {@code settings} (e.g. {@link ConnectWorker#settings}) on a free REST port, writing its
     * properties and log into {@code dir}, and waits until its REST API answers.
     */
    static WorkerProcess start(Map<String, String> settings, Path dir, String name) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Properties properties = new Properties();
        properties.putAll(settings);
        properties.put("listeners", "http://127.0.0.1:" + port);
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "Kafka Connect worker started by " + WorkerProcess.class.getSimpleName());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                ConnectDistributed.class.getName(), file.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        WorkerProcess worker = new WorkerProcess(process, new ConnectRest(URI.create("http://127.0.0.1:" + port)));
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("worker exited with " + process.exitValue() + "; see "
                            + dir.resolve(name + ".log"));
                }
                try {
                    worker.rest.get("connectors");
                    return true;
                } catch (UncheckedIOException | IllegalStateException e) {
                    return false;
                }
            });
        } catch (RuntimeException e) {
            worker.close();
            throw e;
        }
        return worker;
    }

    ConnectRest rest() {
        return rest;
    }

    /** The worker's process id. */
    long pid() {
        return process.pid();
    }

    /**
     * Kills the worker with SIGKILL ({@code kill -9}) and waits for it to die.
     *
     * @return its exit status (137 = 128 + SIGKILL)
     */
    int kill9() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -KILL " + process.pid() + " failed");
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("worker " + process.pid() + " survived SIGKILL");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
