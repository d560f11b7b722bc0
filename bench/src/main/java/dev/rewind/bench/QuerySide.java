package dev.rewind.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the history benchmark's queries go: an {@link IndexServer} in the benchmark's JVM, or one in a
 * service JVM of its own ({@link #process}), as the replay service runs apart from the brokers.
 */
interface QuerySide extends AutoCloseable {

    /** The API's base URL. */
    String base();

    /** Starts counting what the server's HTTP threads use ({@link IndexServer#mark}). */
    void mark() throws Exception;

    /** What they used since {@link #mark}. */
    IndexServer.Usage used() throws Exception;

    /** Starts a Java Flight Recorder recording of the server's JVM. */
    void startRecording() throws Exception;

    /** Stops it and writes it to {@code file}. */
    void stopRecording(Path file) throws Exception;

    @Override
    void close() throws Exception;

    /** The server in this JVM. */
    static QuerySide inProcess(IndexServer server, int port) {
        return new QuerySide() {
            @Override
            public String base() {
                return "http://localhost:" + port;
            }

            @Override
            public void mark() {
                server.mark();
            }

            @Override
            public IndexServer.Usage used() {
                return server.used();
            }

            @Override
            public void startRecording() throws Exception {
                server.startRecording();
            }

            @Override
            public void stopRecording(Path file) throws IOException {
                server.stopRecording(file);
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }

    /**
     * {@link IndexServer#main} in a JVM of its own with {@code jvmOptions}, on this JVM's class path, its
     * output in {@code log}; returns once it serves.
     */
    static QuerySide process(List<String> jvmOptions, List<String> arguments, int port, Path log) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), IndexServer.class.getName()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.readString(log).contains(IndexServer.READY)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("the index server JVM did not start; see " + log);
            }
            // a benchmark driver waiting for a child's line; no event to wait on
            TimeUnit.MILLISECONDS.sleep(100);
        }
        ObjectMapper json = new ObjectMapper();
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://localhost:" + port;
        return new QuerySide() {
            @Override
            public String base() {
                return base;
            }

            @Override
            public void mark() throws Exception {
                send(HttpRequest.newBuilder(URI.create(base + "/bench/mark")).POST(HttpRequest.BodyPublishers.noBody()));
            }

            @Override
            public IndexServer.Usage used() throws Exception {
                return json.readValue(send(HttpRequest.newBuilder(URI.create(base + "/bench/usage")).GET()),
                        IndexServer.Usage.class);
            }

            @Override
            public void startRecording() throws Exception {
                send(HttpRequest.newBuilder(URI.create(base + "/bench/recording/start"))
                        .POST(HttpRequest.BodyPublishers.noBody()));
            }

            @Override
            public void stopRecording(Path file) throws Exception {
                send(HttpRequest.newBuilder(URI.create(base + "/bench/recording/stop?file="
                        + URLEncoder.encode(file.toAbsolutePath().toString(), StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.noBody()));
            }

            private String send(HttpRequest.Builder request) throws Exception {
                HttpResponse<String> response = http.send(request.timeout(Duration.ofMinutes(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 != 2) {
                    throw new IllegalStateException(response.uri() + " -> " + response.statusCode() + " "
                            + response.body());
                }
                return response.body();
            }

            @Override
            public void close() throws InterruptedException {
                // SIGTERM: the server closes its index (leaving the group) in its shutdown hook
                process.destroy();
                if (!process.waitFor(90, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        };
    }
}
