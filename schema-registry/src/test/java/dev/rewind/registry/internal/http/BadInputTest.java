package dev.rewind.registry.internal.http;

import static dev.rewind.registry.internal.http.RegistryFixture.USER_V1;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.rewind.registry.internal.http.RegistryClient.Response;

class BadInputTest {

    private final RegistryFixture registry = new RegistryFixture();
    private final RegistryClient client = registry.client;

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void malformedJsonIs400WithErrorCode400AndStoresNothing() {
        Response response = client.post("/subjects/users-value/versions", "{\"schema\": ");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo(400);
        assertThat(response.json().get("message").asText()).contains("not valid JSON", "line 1");
        assertThat(response.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(registry.log.records()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2]", "\"schema\"", "{\"schema\": {\"type\": \"string\"}}", "{\"schema\": 1}"})
    void aBodyOfTheWrongShapeIs400(String body) {
        Response response = client.post("/subjects/users-value/versions", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo(400);
        assertThat(registry.log.records()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\": \"record\", \"name\": \"User\", \"fields\": [{\"name\": \"a\", \"type\": \"nosuchtype\"}]}",
        "{\"type\": \"record\", \"name\": \"User\", \"fields\": [{\"name\": \"a\", \"type\": \"int\", \"default\": \"x\"}]}",
        "{\"type\": \"record\", \"fields\": []}",
        "not json at all",
        ""})
    void invalidAvroIs42201WithAvrosReasonAndStoresNothing(String schema) {
        Response response = registry.register("users-value", schema);

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.errorCode()).isEqualTo(42201);
        assertThat(response.json().get("message").asText()).startsWith("Invalid schema");
        assertThat(registry.log.records()).isEmpty();
        assertThat(client.get("/subjects").body()).isEqualTo("[]");
    }

    @Test
    void aSchemaTypeOtherThanAvroOrSchemaReferencesAre42201() {
        Response json = client.post("/subjects/users-value/versions",
                "{\"schema\": \"{\\\"type\\\": \\\"object\\\"}\", \"schemaType\": \"JSON\"}");
        Response references = client.post("/subjects/users-value/versions",
                "{\"schema\": \"\\\"string\\\"\", \"references\": [{\"name\": \"a\", \"subject\": \"b\", \"version\": 1}]}");

        assertThat(json.errorCode()).isEqualTo(42201);
        assertThat(json.json().get("message").asText()).contains("JSON", "AVRO");
        assertThat(references.errorCode()).isEqualTo(42201);
        assertThat(registry.log.records()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/subjects/users-value/versions", "/subjects/users-value",
        "/compatibility/subjects/users-value/versions/latest"})
    void jsonSchemaAndProtobufAre42201WithASentenceOnEveryEndpointThatTakesASchema(String path) {
        registry.registerOk("users-value", USER_V1);
        for (String type : new String[] {"JSON", "PROTOBUF"}) {
            Response response = client.post(path, "{\"schema\": \"syntax = \\\"proto3\\\";\", \"schemaType\": \""
                    + type + "\"}");

            assertThat(response.status()).isEqualTo(422);
            assertThat(response.errorCode()).isEqualTo(42201);
            assertThat(response.json().get("message").asText()).contains("'" + type + "'", "AVRO only");
        }
        assertThat(client.get("/schemas/types").body()).isEqualTo("[\"AVRO\"]");
    }

    @Test
    void aMissingSchemaFieldIs42201() {
        Response response = client.post("/subjects/users-value/versions", "{\"schemaType\": \"AVRO\"}");

        assertThat(response.errorCode()).isEqualTo(42201);
        assertThat(response.json().get("message").asText()).contains("no schema");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/vnd.schemaregistry.v1+json", "application/vnd.schemaregistry+json",
        "application/json", "application/octet-stream"})
    void acceptsBodiesInEachContentTypeConfluentClientsSend(String contentType) {
        Response response = client.send("POST", "/subjects/users-value/versions",
                RegistryClient.schemaBody(USER_V1), contentType);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    }

    @Test
    void anUnknownPathIs404AndAWrongMethod405InConfluentsErrorBody() {
        Response unknown = client.get("/no/such/endpoint");
        Response wrongMethod = client.send("PATCH", "/subjects", "{}", "application/json");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo(404);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.errorCode()).isEqualTo(405);
    }

    @Test
    void aStoreFailureIs50001AndLeavesTheRegistryUnchanged() {
        registry.log.failAppends(true);

        Response response = registry.register("users-value", USER_V1);

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.errorCode()).isEqualTo(50001);
        assertThat(response.json().get("message").asText()).contains("Kafka brokers");
        registry.log.failAppends(false);
        assertThat(client.get("/subjects").body()).isEqualTo("[]");
        assertThat(registry.registerOk("users-value", USER_V1)).isEqualTo(1);
    }
}
