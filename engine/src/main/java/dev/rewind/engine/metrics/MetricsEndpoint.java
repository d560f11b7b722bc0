package dev.rewind.engine.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rewind.engine.health.HealthProbes;
import dev.rewind.engine.health.ProbeResult;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A Prometheus scrape endpoint, {@code GET /metrics}, and the instance's Kubernetes probes,
 * {@code GET /readyz} and {@code GET /livez} (the paths of Kubernetes' own components), on one small HTTP
 * server (the JDK's; three endpoints do not justify a web framework). A probe answers {@code 200 ok} when up and
 * {@code 503} with one reason per line when down, as {@code text/plain}. Started by the constructor;
 * {@link #close()} stops it.
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** The path scraped. */
    public static final String PATH = "/metrics";
    /** The readiness probe's path. */
    public static final String READINESS_PATH = "/readyz";
    /** The liveness probe's path. */
    public static final String LIVENESS_PATH = "/livez";

    private final HttpServer server;

    /**
     * Starts serving metrics only.
     *
     * @param registry the registry to scrape
     * @param port the port, or 0 for any free port
     */
    public MetricsEndpoint(PrometheusMeterRegistry registry, int port) {
        this(registry, null, port);
    }

    /**
     * Starts serving metrics and, when {@code probes} is not null, the probes.
     *
     * @param registry the registry to scrape
     * @param probes the instance's health, or null for no probe paths
     * @param port the port, or 0 for any free port
     */
    public MetricsEndpoint(PrometheusMeterRegistry registry, HealthProbes probes, int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve metrics on port " + port
                    + "; choose a free port with metrics.port (or -1 for any free port)", e);
        }
        server.createContext(PATH, exchange -> respond(exchange, registry));
        if (probes != null) {
            server.createContext(READINESS_PATH, exchange -> probe(exchange, probes.readiness()));
            server.createContext(LIVENESS_PATH, exchange -> probe(exchange, probes.liveness()));
        }
        server.start();
    }

    /** The port served. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The scrape URL on localhost. */
    public URI uri() {
        return uri(PATH);
    }

    /** The URL of {@code path} ({@link #PATH}, {@link #READINESS_PATH}, {@link #LIVENESS_PATH}) on localhost. */
    public URI uri(String path) {
        return URI.create("http://localhost:" + port() + path);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
        }
    }

    private static void probe(HttpExchange exchange, ProbeResult result) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String body = result.up() ? "ok\n" : String.join("\n", result.reasons()) + "\n";
            send(exchange, result.up() ? 200 : 503, "text/plain; charset=utf-8", body);
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
