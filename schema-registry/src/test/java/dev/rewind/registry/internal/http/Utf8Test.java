package dev.rewind.registry.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Every answer is UTF-8: text outside Latin-1 survives in schemas, docs, defaults, subjects and errors. */
class Utf8Test {

    static final String TEXT = "Grüße, Straße: 5 € 😀";
    static final String SUBJECT = "bücher-€-😀-value";
    static final String SCHEMA = """
            {"type": "record", "name": "Buch", "namespace": "dev.rewind.test", "doc": "%s",
             "fields": [{"name": "titel", "type": "string", "doc": "%s", "default": "%s"}]}"""
            .formatted(TEXT, TEXT, TEXT);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryFixture registry = new RegistryFixture();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void schemasDocsDefaultsAndSubjectsComeBackIntactInUtf8() throws Exception {
        String subject = URLEncoder.encode(SUBJECT, StandardCharsets.UTF_8);
        int id = json(send("POST", "/subjects/" + subject + "/versions", RegistryClient.schemaBody(SCHEMA)))
                .get("id").asInt();

        JsonNode version = json(send("GET", "/subjects/" + subject + "/versions/1", null));
        String raw = utf8(send("GET", "/schemas/ids/" + id + "/schema", null));
        JsonNode subjects = json(send("GET", "/subjects", null));
        JsonNode byId = json(send("GET", "/schemas/ids/" + id, null));

        assertThat(version.get("subject").asText()).isEqualTo(SUBJECT);
        Schema stored = new Schema.Parser().parse(version.get("schema").asText());
        assertThat(stored.getDoc()).isEqualTo(TEXT);
        assertThat(stored.getField("titel").doc()).isEqualTo(TEXT);
        assertThat(stored.getField("titel").defaultVal()).isEqualTo(TEXT);
        assertThat(new Schema.Parser().parse(raw)).isEqualTo(stored);
        assertThat(new Schema.Parser().parse(byId.get("schema").asText()).getDoc()).isEqualTo(TEXT);
        assertThat(subjects.get(0).asText()).isEqualTo(SUBJECT);
    }

    @Test
    void errorTextsNamingANonLatin1SubjectAreUtf8() throws Exception {
        HttpResponse<byte[]> response = send("GET",
                "/subjects/" + URLEncoder.encode(SUBJECT, StandardCharsets.UTF_8) + "/versions", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error_code").asInt()).isEqualTo(40401);
        assertThat(json(response).get("message").asText()).contains(SUBJECT);
    }

    @Test
    void aRequestBodyIsReadAsUtf8WhateverItsContentTypeSays() throws Exception {
        HttpResponse<byte[]> registered = http.send(HttpRequest
                .newBuilder(URI.create(base() + "/subjects/books-value/versions"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofByteArray(
                        RegistryClient.schemaBody(SCHEMA).getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(registered.statusCode()).isEqualTo(200);
        String raw = utf8(send("GET", "/subjects/books-value/versions/1/schema", null));
        assertThat(new Schema.Parser().parse(raw).getDoc()).isEqualTo(TEXT);
    }

    private HttpResponse<byte[]> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private String base() {
        return "http://localhost:" + registry.server.port();
    }

    /** Decodes strictly: bytes that are not UTF-8 (as ISO-8859-1 output would be) fail the test. */
    private static String utf8(HttpResponse<byte[]> response) throws Exception {
        return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(response.body())).toString();
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws Exception {
        return JSON.readTree(utf8(response));
    }
}
