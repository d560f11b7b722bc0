package dev.rewind.replaytool.history.internal;

import dev.rewind.replaytool.history.EventHistory;
import dev.rewind.replaytool.history.IndexUnavailableException;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Forwards a query to the instance that holds its key (the host:port it advertises as
 * {@code application.server}), passing the caller's credentials on. A forwarded request carries
 * {@value #HEADER} so it is never forwarded twice: during a rebalance the second instance answers
 * 503 instead of bouncing the request back.
 */
public final class Forwarder {

    /** Marks a forwarded request. */
    public static final String HEADER = "X-Rewind-Forwarded";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** True when {@code ctx} was forwarded by another instance. */
    public static boolean forwarded(Context ctx) {
        return ctx.header(HEADER) != null;
    }

    /** Sends {@code ctx}'s GET request to {@code owner} and copies the answer into {@code ctx}. */
    public void forward(Context ctx, HostInfo owner) throws IOException, InterruptedException {
        String query = ctx.queryString();
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + ctx.path()
                + (query == null ? "" : "?" + query));
        HttpResponse<byte[]> response = http.send(request(uri, ctx.header("Authorization")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        ctx.status(response.statusCode());
        response.headers().firstValue("Content-Type").ifPresent(ctx::contentType);
        ctx.result(response.body());
    }

    /** Fetches one event's raw history from {@code owner}; empty when it does not know the event. */
    public Optional<EventHistory> history(HostInfo owner, String path, String authorization) {
        return fetch(owner, path, authorization, EventHistory.class);
    }

    /** Fetches {@code path} from {@code owner} as a {@code type}; empty on 404. */
    public <T> Optional<T> fetch(HostInfo owner, String path, String authorization, Class<T> type) {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + path);
        try {
            HttpResponse<byte[]> response = http.send(request(uri, authorization).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() == 503) {
                throw new IndexUnavailableException("instance " + owner.host() + ":" + owner.port()
                        + " is starting or rebalancing; retry in a few seconds", null);
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("instance " + owner.host() + ":" + owner.port() + " answered "
                        + response.statusCode() + " for " + path);
            }
            return Optional.of(Json.MAPPER.readValue(response.body(), type));
        } catch (IOException e) {
            throw new IllegalStateException("instance " + owner.host() + ":" + owner.port()
                    + " is unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + owner.host() + ":" + owner.port(), e);
        }
    }

    private static HttpRequest.Builder request(URI uri, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET()
                .header(HEADER, "1").header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }
}
