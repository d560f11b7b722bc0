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
import java.util.Map;

/** Kafka Connect's REST API at {@code url}, as a user drives a worker: configure connectors, read their state. */
final class ConnectRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI url;

    ConnectRest(URI url) {
        String base = url.toString();
        this.url = URI.create(base.endsWith("/") ? base : base + "/");
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

    /** The connector's and its tasks' states, e.g. {@code RUNNING}; empty text while unknown or unreachable. */
    String state(String name) {
        try {
            JsonNode status = get("connectors/" + name + "/status");
            StringBuilder out = new StringBuilder(status.path("connector").path("state").asText());
            status.path("tasks").forEach(t -> out.append(' ').append(t.path("state").asText())
                    .append(t.has("trace") ? " " + t.path("trace").asText().lines().findFirst().orElse("") : ""));
            return out.toString();
        } catch (IllegalStateException | UncheckedIOException e) {
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
}
