package dev.rewind.engine.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A Prometheus scrape endpoint, {@code GET /metrics}, on its own small HTTP server (the JDK's; one
 * endpoint does not justify a web framework). Started by the constructor; {@link #close()} stops it.
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** The path scraped. */
    public static final String PATH = "/metrics";

    private final HttpServer server;

    /**
     * Starts serving.
     *
     * @param registry the registry to scrape
     * @param port the port, or 0 for any free port
     */
    public MetricsEndpoint(PrometheusMeterRegistry registry, int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve metrics on port " + port
                    + "; choose a free port with metrics.port (or -1 for any free port)", e);
        }
        server.createContext(PATH, exchange -> respond(exchange, registry));
        server.start();
    }

    /** The port served. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The scrape URL on localhost. */
    public URI uri() {
        return URI.create("http://localhost:" + port() + PATH);
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
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
