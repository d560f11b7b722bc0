package dev.rewind.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.api.Json;
import dev.rewind.local.ConnectOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Connect worker (distributed mode, {@code org.apache.kafka.connect.cli.ConnectDistributed}) in a process
 * beside the local stack, with rewind's Avro converter as its value converter and rewind's plugins on its plugin
 * path; configured, as a user would, through its REST API. Its configs, offsets and statuses live in the topics
 * {@code rewind-connect.*}, so a restart on the same broker resumes where it stopped. {@link #close} stops it with
 * SIGTERM (Connect's shutdown hook commits and leaves the group).
 */
public final class ConnectWorkerProcess implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(ConnectWorkerProcess.class);
    /** The worker group and the prefix of its internal topics. */
    public static final String GROUP = "rewind-connect";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(6);
    private static final String LOGGING_RESOURCE = "rewind-connect-worker-logback.xml";

    private final Process process;
    private final URI url;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = Json.mapper();

    private ConnectWorkerProcess(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /**
     * Starts a worker against {@code bootstrapServers} and {@code registryUrl}, its files under {@code dir}, and
     * waits until its REST API answers.
     *
     * @throws IllegalStateException when it exits or does not answer within 6 minutes (plugin discovery alone took 2.5 minutes on a loaded machine), naming its log
     */
    public static ConnectWorkerProcess start(ConnectOptions options, String bootstrapServers, String registryUrl,
                                             Path dir) {
        try {
            Files.createDirectories(dir);
            int port = options.port() != 0 ? options.port() : freePort();
            Path properties = dir.resolve("worker.properties");
            try (OutputStream out = Files.newOutputStream(properties)) {
                settings(options, bootstrapServers, registryUrl, port).store(out,
                        "Kafka Connect worker of rewind up --connect");
            }
            Path log = dir.resolve("worker.log");
            Path logging = dir.resolve("logback.xml");
            try (InputStream in = ConnectWorkerProcess.class.getResourceAsStream("/" + LOGGING_RESOURCE)) {
                Files.copy(Objects.requireNonNull(in, LOGGING_RESOURCE), logging, StandardCopyOption.REPLACE_EXISTING);
            }
            String classpath = Files.readString(options.workerClasspath(), StandardCharsets.UTF_8).strip();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx512m", "-Dlogback.configurationFile=" + logging, "-cp", classpath,
                    "org.apache.kafka.connect.cli.ConnectDistributed", properties.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            ConnectWorkerProcess worker = new ConnectWorkerProcess(process, URI.create("http://127.0.0.1:" + port + "/"),
                    log);
            try {
                worker.awaitRestApi();
            } catch (RuntimeException e) {
                worker.close();
                throw e;
            }
            LOGGER.atInfo().addKeyValue("url", worker.url).addKeyValue("pid", process.pid())
                    .log("Kafka Connect worker started");
            return worker;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Kafka Connect worker in " + dir + ": " + e.getMessage(), e);
        }
    }

    static Properties settings(ConnectOptions options, String bootstrapServers, String registryUrl, int port) {
        Properties settings = new Properties();
        settings.putAll(Map.ofEntries(
                Map.entry("bootstrap.servers", bootstrapServers),
                Map.entry("group.id", GROUP),
                Map.entry("config.storage.topic", GROUP + ".configs"),
                Map.entry("offset.storage.topic", GROUP + ".offsets"),
                Map.entry("status.storage.topic", GROUP + ".status"),
                // -1: the broker's default.replication.factor (1 on the embedded broker, the cluster's elsewhere)
                Map.entry("config.storage.replication.factor", "-1"),
                Map.entry("offset.storage.replication.factor", "-1"),
                Map.entry("status.storage.replication.factor", "-1"),
                Map.entry("listeners", "http://127.0.0.1:" + port),
                Map.entry("plugin.path", options.pluginPath().toAbsolutePath().toString()),
                // KIP-898: plugins found by their ServiceLoader manifests, not by scanning every class
                Map.entry("plugin.discovery", "service_load"),
                Map.entry("key.converter", "org.apache.kafka.connect.storage.StringConverter"),
                Map.entry("value.converter", "dev.rewind.connect.avro.AvroConverter"),
                Map.entry("value.converter.schema.registry.url", registryUrl),
                Map.entry("connector.client.config.override.policy", "All")));
        return settings;
    }

    /** The worker's REST API, e.g. {@code http://127.0.0.1:8083/}. */
    public URI url() {
        return url;
    }

    /** The worker's log file. */
    public Path log() {
        return log;
    }

    /** Creates or updates connector {@code name} ({@code PUT /connectors/{name}/config}). */
    public void configure(String name, Map<String, String> config) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url.resolve("connectors/" + name
                    + "/config")).header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(config))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("Kafka Connect refused connector " + name + ": HTTP "
                        + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot configure connector " + name + " at " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The connector's state and its tasks', e.g. {@code RUNNING RUNNING}; empty while unknown. */
    public String state(String name) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url.resolve("connectors/" + name
                    + "/status")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return "";
            }
            JsonNode status = json.readTree(response.body());
            StringBuilder state = new StringBuilder(status.path("connector").path("state").asText());
            status.path("tasks").forEach(task -> state.append(' ').append(task.path("state").asText()));
            return state.toString();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private void awaitRestApi() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The Kafka Connect worker exited with status " + process.exitValue()
                        + " while starting; see " + log.toAbsolutePath());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url.resolve("connectors"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (ConnectException e) {
                // not listening yet
            } catch (IOException e) {
                LOGGER.atDebug().setCause(e).log("Kafka Connect REST API not ready");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the Kafka Connect worker started", e);
            }
            try {
                process.waitFor(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the Kafka Connect worker started", e);
            }
        }
        throw new IllegalStateException("The Kafka Connect worker did not answer on " + url + " within "
                + START_TIMEOUT + "; see " + log.toAbsolutePath());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stops the worker with SIGTERM and waits for it (forcibly after 30 s). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                LOGGER.atWarn().addKeyValue("pid", process.pid()).log("Kafka Connect worker did not stop; killing it");
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
