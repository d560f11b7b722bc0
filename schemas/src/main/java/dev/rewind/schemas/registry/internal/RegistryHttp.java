package dev.rewind.schemas.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends JSON requests to one of a list of registry URLs with bounded retries. Retries only what a
 * retry can fix: I/O errors and 5xx answers. A 4xx answer is the caller's mistake and is thrown at
 * once, carrying Confluent's error code.
 */
public final class RegistryHttp {

    private static final Logger LOGGER = LoggerFactory.getLogger(RegistryHttp.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, "
            + "application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http;
    private final List<URI> baseUrls;
    private final AtomicInteger nextUrl = new AtomicInteger();
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration requestTimeout;
    private final Map<String, String> headers;

    public RegistryHttp(List<URI> baseUrls, int maxRetries, Duration initialBackoff, Duration maxBackoff,
                        Duration requestTimeout, Map<String, String> headers) {
        this(baseUrls, maxRetries, initialBackoff, maxBackoff, requestTimeout, headers, null);
    }

    /** @param sslContext TLS context for https:// registries, {@code null} for the JVM's default */
    public RegistryHttp(List<URI> baseUrls, int maxRetries, Duration initialBackoff, Duration maxBackoff,
                        Duration requestTimeout, Map<String, String> headers, javax.net.ssl.SSLContext sslContext) {
        this.baseUrls = List.copyOf(baseUrls);
        this.maxRetries = maxRetries;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.requestTimeout = requestTimeout;
        this.headers = Map.copyOf(headers);
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(requestTimeout);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.http = builder.build();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Sends a GET and returns the parsed JSON body. */
    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    /** Sends {@code body} as JSON with {@code method} and returns the parsed JSON answer. */
    public JsonNode send(String method, String path, JsonNode body) {
        String json = body == null ? null : body.toString();
        SchemaRegistryException last = null;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0) {
                backOff(attempt, method, path, last);
            }
            URI url = resolve(path);
            try {
                HttpResponse<String> response = http.send(request(method, url, json),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() < 300) {
                    return parse(response.body(), url);
                }
                last = errorFrom(method, url, response);
                if (response.statusCode() < 500) {
                    throw last;
                }
            } catch (IOException e) {
                last = new SchemaRegistryException("schema registry " + url + " did not answer " + method + " "
                        + path + ": " + e + "; check schema.registry.url and that the registry is running",
                        SchemaRegistryException.NO_HTTP_STATUS, SchemaRegistryException.NO_ERROR_CODE, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("interrupted while calling the schema registry at " + url,
                        SchemaRegistryException.NO_HTTP_STATUS, SchemaRegistryException.NO_ERROR_CODE, e);
            }
        }
        throw new SchemaRegistryException(last.getMessage() + " (gave up after " + (maxRetries + 1) + " attempts)",
                last.httpStatus(), last.errorCode(), last);
    }

    private HttpRequest request(String method, URI url, String json) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(requestTimeout).header("Accept", ACCEPT);
        headers.forEach(builder::header);
        if (json == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return builder.build();
    }

    private URI resolve(String path) {
        URI base = baseUrls.get(Math.floorMod(nextUrl.get(), baseUrls.size()));
        String text = base.toString();
        return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + path);
    }

    private void backOff(int attempt, String method, String path, SchemaRegistryException cause) {
        // another URL may be healthy: move on before waiting
        nextUrl.incrementAndGet();
        long millis = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(attempt - 1, 20));
        LOGGER.atWarn().addKeyValue("method", method).addKeyValue("path", path)
                .addKeyValue("attempt", attempt).addKeyValue("backoffMs", millis)
                .log("Schema registry request failed, retrying: {}", cause.getMessage());
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while waiting to retry a schema registry request",
                    SchemaRegistryException.NO_HTTP_STATUS, SchemaRegistryException.NO_ERROR_CODE, e);
        }
    }

    private JsonNode parse(String body, URI url) {
        try {
            return mapper.readTree(body == null || body.isBlank() ? "null" : body);
        } catch (IOException e) {
            throw new SchemaRegistryException("schema registry " + url + " answered with a body that is not JSON: "
                    + abbreviate(body), SchemaRegistryException.NO_HTTP_STATUS, SchemaRegistryException.NO_ERROR_CODE, e);
        }
    }

    private SchemaRegistryException errorFrom(String method, URI url, HttpResponse<String> response) {
        int status = response.statusCode();
        int code = SchemaRegistryException.NO_ERROR_CODE;
        String message = abbreviate(response.body());
        try {
            JsonNode node = mapper.readTree(response.body());
            if (node != null && node.isObject()) {
                code = node.path("error_code").asInt(SchemaRegistryException.NO_ERROR_CODE);
                message = node.path("message").asText(message);
            }
        } catch (IOException | RuntimeException e) {
            // a proxy's HTML error page: keep the raw text as the message
        }
        return new SchemaRegistryException("schema registry " + method + " " + url + " failed with HTTP " + status
                + (code == SchemaRegistryException.NO_ERROR_CODE ? "" : ", error code " + code) + ": " + message
                + authenticationHint(status), status, code);
    }

    /** What to check after 401/403; the credentials themselves are never shown. */
    private String authenticationHint(int status) {
        if (status != 401 && status != 403) {
            return "";
        }
        String sent = headers.keySet().stream().anyMatch("Authorization"::equalsIgnoreCase)
                ? "the credentials sent were refused" : "no credentials were sent";
        return " (" + sent + "; check basic.auth.credentials.source and basic.auth.user.info, or"
                + " bearer.auth.credentials.source and bearer.auth.token)";
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
