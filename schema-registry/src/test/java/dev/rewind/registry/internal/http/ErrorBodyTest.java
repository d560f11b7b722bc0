package dev.rewind.registry.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.rewind.registry.internal.http.RegistryClient.Response;

/**
 * Requests the HTTP server itself refuses, and bodies the JSON parser refuses, are answered with Confluent's
 * error body ({@code {"error_code", "message"}}) in its media type, never the server's HTML page or a 500.
 */
class ErrorBodyTest {

    private final RegistryFixture registry = new RegistryFixture();
    private final RegistryClient client = registry.client;

    @AfterEach
    void close() {
        registry.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/subjects/a%00b/versions", "/subjects/..%2F..%2Fconfig/versions",
        "/subjects/a%00b", "/config/a%00"})
    void aMalformedOrAmbiguousPathIs400InConfluentsErrorBody(String path) {
        Response response = client.get(path);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertConfluentError(response, 400);
    }

    @Test
    void encodedSlashesAndDotsInsideASubjectAreJustPartOfItsName() {
        Response response = client.get("/subjects/a%2F..%2F..%2Fmode/versions");

        assertThat(response.status()).isEqualTo(404);
        assertConfluentError(response, 40401);
        assertThat(response.json().get("message").asText()).contains("'a/../../mode'");
    }

    @Test
    void aTenKilobyteSubjectIs414InConfluentsErrorBody() {
        Response response = client.get("/subjects/" + "s".repeat(10 * 1024) + "/versions");

        assertThat(response.status()).isEqualTo(414);
        assertConfluentError(response, 414);
    }

    @Test
    void aHugeHeaderIs431InConfluentsErrorBody() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create("http://localhost:" + registry.server.port() + "/subjects"))
                .header("X-Huge", "h".repeat(64 * 1024)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(431);
        assertConfluentError(new Response(response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""), response.body()), 431);
    }

    @Test
    void jsonNestedDeeperThanTheParsersLimitIs400WithTheParsersReason() {
        String deep = "{\"schema\": " + "[".repeat(1_001) + "]".repeat(1_001) + "}";

        Response response = client.post("/subjects/users-value/versions", deep);

        assertThat(response.status()).isEqualTo(400);
        assertConfluentError(response, 400);
        assertThat(response.json().get("message").asText()).contains("not valid JSON", "nesting depth")
                .doesNotContain("NullPointerException");
        assertThat(registry.log.records()).isEmpty();
    }

    @Test
    void aBodyOverTheSizeLimitIs413SayingSoNotThatTheEndpointIsMissing() {
        String huge = RegistryClient.schemaBody("\"" + "x".repeat(2 * 1024 * 1024) + "\"");

        Response response = client.post("/subjects/users-value/versions", huge);

        assertThat(response.status()).isEqualTo(413);
        assertConfluentError(response, 413);
        assertThat(response.json().get("message").asText()).doesNotContain("not an endpoint");
    }

    @Test
    void aDeleteOrPutThatJettyRefusesAlsoGetsTheJsonBody() {
        Response response = client.send("DELETE", "/subjects/a%00b", null, "application/json");

        assertThat(response.status()).isEqualTo(400);
        assertConfluentError(response, 400);
    }

    private static void assertConfluentError(Response response, int errorCode) {
        assertThat(response.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(response.body()).doesNotContain("<h1>", "<html");
        assertThat(response.errorCode()).isEqualTo(errorCode);
        assertThat(response.json().get("message").asText()).isNotBlank();
    }
}
