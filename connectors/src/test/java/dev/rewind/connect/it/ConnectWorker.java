package dev.rewind.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;

/**
 * A real Kafka Connect worker in distributed mode, started in the test JVM as
 * {@code connect-distributed.sh} would start it, and driven only through its REST API. Workers of
 * the same {@code group} share their config, offset and status topics: a new worker of the group
 * picks up the connectors and committed offsets of one that stopped.
 */
final class ConnectWorker implements AutoCloseable {

    /** Where failsafe's configuration puts the assembled plugin directories. */
    static final String PLUGIN_PATH = System.getProperty("rewind.connect.plugin.path", "target/connect-plugins");

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Connect<DistributedHerder> connect;
    private final URI url;

    private ConnectWorker(Connect<DistributedHerder> connect) {
        this.connect = connect;
        String server = connect.rest().serverUrl().toString();
        this.url = URI.create(server.endsWith("/") ? server : server + "/");
    }

    /** Worker settings for {@code group}, with Avro values through rewind's converter. */
    static Map<String, String> settings(String bootstrapServers, String group, String registryUrl) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", group);
        props.put("config.storage.topic", group + ".configs");
        props.put("offset.storage.topic", group + ".offsets");
        props.put("status.storage.topic", group + ".status");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("offset.storage.partitions", "3");
        props.put("status.storage.partitions", "1");
        props.put("offset.flush.interval.ms", "500");
        props.put("listeners", "http://127.0.0.1:0");
        props.put("plugin.path", PLUGIN_PATH);
        // KIP-898: find plugins by their ServiceLoader manifests instead of scanning every class (minutes here)
        props.put("plugin.discovery", "service_load");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "dev.rewind.connect.avro.AvroConverter");
        props.put("value.converter.schema.registry.url", registryUrl);
        props.put("scheduled.rebalance.max.delay.ms", "1000");
        props.put("connector.client.config.override.policy", "All");
        return props;
    }

    static ConnectWorker start(Map<String, String> settings) {
        return new ConnectWorker(new ConnectDistributed().startConnect(settings));
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(url.resolve(path)).GET(), path);
    }

    JsonNode put(String path, Map<String, ?> body) {
        return send(HttpRequest.newBuilder(url.resolve(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(body))), path);
    }

    JsonNode delete(String path) {
        return send(HttpRequest.newBuilder(url.resolve(path)).DELETE(), path);
    }

    /** Creates or updates a connector ({@code PUT /connectors/{name}/config}). */
    JsonNode configure(String name, Map<String, ?> config) {
        return put("connectors/" + name + "/config", config);
    }

    /** The connector's and its tasks' states, e.g. {@code RUNNING}; empty text while unknown. */
    String state(String name) {
        try {
            JsonNode status = get("connectors/" + name + "/status");
            StringBuilder out = new StringBuilder(status.path("connector").path("state").asText());
            status.path("tasks").forEach(t -> out.append(' ').append(t.path("state").asText())
                    .append(t.has("trace") ? " " + t.path("trace").asText().lines().findFirst().orElse("") : ""));
            return out.toString();
        } catch (IllegalStateException e) {
            return "";
        }
    }

    private JsonNode send(HttpRequest.Builder request, String path) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the worker as its shutdown hook would, leaving its topics for the next worker of the group. */
    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}
