package dev.rewind.schemas.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted HTTP server answering like a Confluent registry: each "METHOD /path" gets the answers
 * queued for it, the last one repeating. Unscripted requests get 418 so a test notices them (and
 * they are never retried, being 4xx).
 */
final class FakeRegistryServer implements AutoCloseable {

    record Request(String method, String path, String body, Map<String, List<String>> headers) {
    }

    record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> script = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeRegistryServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues answers for a request line such as {@code "GET /schemas/ids/1"}. */
    FakeRegistryServer on(String requestLine, Answer... answers) {
        script.computeIfAbsent(requestLine, k -> new ArrayDeque<>()).addAll(List.of(answers));
        return this;
    }

    static Answer ok(String body) {
        return new Answer(200, body);
    }

    static Answer error(int status, int code, String message) {
        return new Answer(status, "{\"error_code\":" + code + ",\"message\":\"" + message + "\"}");
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    long count(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), path, body, Map.copyOf(exchange.getRequestHeaders())));
        Deque<Answer> answers = script.get(exchange.getRequestMethod() + " " + path);
        Answer answer;
        if (answers == null || answers.isEmpty()) {
            answer = error(418, 41800, "unscripted request " + exchange.getRequestMethod() + " " + path);
        } else {
            answer = answers.size() > 1 ? answers.poll() : answers.peek();
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
