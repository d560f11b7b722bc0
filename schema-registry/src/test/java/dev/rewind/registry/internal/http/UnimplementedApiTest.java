package dev.rewind.registry.internal.http;

import static dev.rewind.registry.internal.http.RegistryFixture.USER_V1;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.rewind.registry.internal.http.RegistryClient.Response;

/**
 * What a Confluent client gets for the parts of Confluent's API this registry does not implement: the statuses
 * and error codes the README's "Not implemented" table promises, each in Confluent's error body.
 */
class UnimplementedApiTest {

    private final RegistryFixture registry = new RegistryFixture();
    private final RegistryClient client = registry.client;

    @BeforeEach
    void registerOne() {
        registry.registerOk("users-value", USER_V1);
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @ParameterizedTest(name = "{0} {1} -> {3}/{4}")
    @CsvSource(delimiter = '|', value = {
        "POST|/subjects/users-value/versions|{\"schema\": \"\\\"string\\\"\", \"references\": [{\"name\": \"a\", \"subject\": \"b\", \"version\": 1}]}|422|42201",
        "POST|/subjects/users-value/versions|{\"schema\": \"{}\", \"schemaType\": \"PROTOBUF\"}|422|42201",
        "GET|/contexts||404|404",
        "GET|/mode/users-value||404|404",
        "PUT|/mode/users-value|{\"mode\": \"READONLY\"}|404|404",
        "PUT|/mode|{\"mode\": \"IMPORT\"}|422|42204",
        "PUT|/mode|{\"mode\": \"READONLY_OVERRIDE\"}|422|42204",
        "PUT|/config|{\"normalize\": true}|422|42203",
        "POST|/subjects/users-value/versions/1/tags|{}|404|404",
        "GET|/subjects/users-value/metadata||404|404",
        "GET|/exporters||404|404",
        "GET|/dek-registry/v1/keks||404|404",
    })
    void answersWithConfluentsErrorBody(String method, String path, String body, int status, int errorCode) {
        Response response = client.send(method, path, body, "application/vnd.schemaregistry.v1+json");

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.errorCode()).isEqualTo(errorCode);
        assertThat(response.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(response.json().get("message").asText()).isNotBlank();
    }
}
