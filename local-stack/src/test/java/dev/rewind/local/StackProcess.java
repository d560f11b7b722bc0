package dev.rewind.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./rewind up} in a JVM of its own, as the launcher starts it ({@link RewindApp} {@code up}
 * with the launcher's JVM options for {@code up}, on this JVM's class path), so that a test or a
 * benchmark can kill it with {@code kill -9} and start it again on the same home. Its output goes to
 * {@code <home>/../<home name>-<n>.out}, one file per start.
 *
 * <p>Used by {@code LocalStackKillIT} and by the {@code bench} module's local-stack benchmark (through
 * this module's test jar): JDK only, no test library.
 */
public final class StackProcess implements AutoCloseable {

    /** The line {@code rewind up} prints once everything is ready. */
    static final String READY = "rewind is up";

    private final Process process;
    private final Path output;
    private final Ports ports;
    private final long startedNanos;
    private final long readyNanos;

    /** The ports of one stack, kept across its restarts (the broker's data names its listener). */
    public record Ports(int kafka, int registry, int api) {
        /** Three free ports on this machine. */
        public static Ports free() {
            return new Ports(freePort(), freePort(), freePort());
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private StackProcess(Process process, Path output, Ports ports, long startedNanos, long readyNanos) {
        this.process = process;
        this.output = output;
        this.ports = ports;
        this.startedNanos = startedNanos;
        this.readyNanos = readyNanos;
    }

    /**
     * Starts {@code rewind up --home home --rate rate} on {@code ports} and waits until it prints
     * that it is up.
     *
     * @param jvmOptions extra JVM options, e.g. {@code -XX:StartFlightRecording=...}
     * @throws IllegalStateException when it exits or is not up within {@code timeout}, naming its output file
     */
    public static StackProcess start(Path home, Ports ports, double rate, Duration timeout, List<String> jvmOptions)
            throws IOException, InterruptedException {
        Files.createDirectories(home);
        Path output = outputFile(home);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the launcher's options for up (./rewind): full JIT, ZGC
        command.add("-Xshare:auto");
        command.add("-XX:+UseZGC");
        command.add("-Xmx1g");
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), RewindApp.class.getName(), "up",
                "--home", home.toAbsolutePath().toString(), "--kafka-port", Integer.toString(ports.kafka()),
                "--registry-port", Integer.toString(ports.registry()), "--port", Integer.toString(ports.api()),
                "--rate", Double.toString(rate)));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        long deadline = started + timeout.toNanos();
        while (!Files.readString(output, StandardCharsets.UTF_8).contains(READY)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("rewind up exited with " + process.exitValue() + "; see " + output);
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("rewind up was not up within " + timeout.toSeconds() + " s; see "
                        + output);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return new StackProcess(process, output, ports, started, System.nanoTime());
    }

    private static Path outputFile(Path home) throws IOException {
        Path dir = home.toAbsolutePath().getParent();
        for (int n = 1; ; n++) {
            Path candidate = dir.resolve(home.getFileName() + "-" + n + ".out");
            if (!Files.exists(candidate)) {
                return candidate;
            }
        }
    }

    /** The embedded broker's bootstrap servers. */
    public String bootstrapServers() {
        return "localhost:" + ports.kafka();
    }

    /** The embedded registry's URL. */
    public String registryUrl() {
        return "http://127.0.0.1:" + ports.registry();
    }

    /** The replay service's base URL. */
    public String serviceUrl() {
        return "http://127.0.0.1:" + ports.api();
    }

    /** {@link System#nanoTime()} when the process was started. */
    public long startedNanos() {
        return startedNanos;
    }

    /** How long from the process start until it printed that it was up. */
    public Duration startupTime() {
        return Duration.ofNanos(readyNanos - startedNanos);
    }

    /** What it printed, for a failure message. */
    public Path output() {
        return output;
    }

    /** The engine's {@code <home>/state/<version>/<group>/<instance>/run-<uuid>} directories. */
    public static List<Path> runDirectories(Path home) throws IOException {
        Path state = home.resolve("state");
        if (!Files.exists(state)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(state, 4)) {
            return paths.filter(Files::isDirectory).filter(p -> p.getFileName().toString().startsWith("run-"))
                    .toList();
        }
    }

    /** Kills it with SIGKILL ({@code kill -9}: no shutdown hook runs) and waits until it is gone. */
    public void kill9() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -KILL " + process.pid() + " failed");
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("rewind up (pid " + process.pid() + ") survived SIGKILL");
        }
    }

    /** Stops it as Ctrl-C would (SIGTERM, shutdown hook), forcibly after a minute. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
