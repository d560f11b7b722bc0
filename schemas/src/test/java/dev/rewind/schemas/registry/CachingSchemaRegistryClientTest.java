package dev.rewind.schemas.registry;

import static dev.rewind.schemas.registry.FakeRegistryServer.error;
import static dev.rewind.schemas.registry.FakeRegistryServer.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CachingSchemaRegistryClientTest {

    private static final Schema USER = SchemaBuilder.record("User").namespace("test").fields()
            .requiredString("name").endRecord();
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeRegistryServer registry;
    private CachingSchemaRegistryClient client;

    @BeforeEach
    void start() throws IOException {
        registry = new FakeRegistryServer();
        client = new CachingSchemaRegistryClient(CachingSchemaRegistryClient.Options.defaults(registry.url())
                .withRetries(3, Duration.ofMillis(1), Duration.ofMillis(5)));
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void registersOnceAndServesTheIdAndTheSchemaFromTheCacheAfterwards() throws IOException {
        registry.on("POST /subjects/users-value/versions", ok("{\"id\":7}"));

        assertThat(client.register("users-value", USER)).isEqualTo(7);
        assertThat(client.register("users-value", USER)).isEqualTo(7);
        assertThat(client.getById(7)).isEqualTo(USER);

        assertThat(registry.requests()).hasSize(1);
        FakeRegistryServer.Request sent = registry.requests().get(0);
        assertThat(JSON.readTree(sent.body()).path("schema").asText()).isEqualTo(USER.toString());
        assertThat(sent.headers().get("Content-type")).containsExactly("application/vnd.schemaregistry.v1+json");
    }

    @Test
    void fetchesASchemaByIdOnceAndParsesIt() {
        registry.on("GET /schemas/ids/3", ok(schemaAnswer(USER, "")));

        assertThat(client.getById(3)).isEqualTo(USER);
        assertThat(client.getById(3)).isEqualTo(USER);

        assertThat(registry.count("GET", "/schemas/ids/3")).isEqualTo(1);
    }

    @Test
    void readsVersionsLatestAndLookupsAsRegisteredSchemas() {
        String version = "{\"subject\":\"users-value\",\"version\":2,\"id\":5,\"schema\":" + quoted(USER) + "}";
        registry.on("GET /subjects/users-value/versions/2", ok(version))
                .on("GET /subjects/users-value/versions/latest", ok(version))
                .on("POST /subjects/users-value", ok(version));

        RegisteredSchema expected = new RegisteredSchema("users-value", 2, 5, USER);
        assertThat(client.getBySubjectAndVersion("users-value", 2)).isEqualTo(expected);
        assertThat(client.getLatest("users-value")).isEqualTo(expected);
        assertThat(client.lookup("users-value", USER)).isEqualTo(expected);
        assertThat(client.getById(5)).isEqualTo(USER);
        assertThat(registry.count("GET", "/schemas/ids/5")).isZero();
    }

    @Test
    void surfacesConfluentsStatusAndErrorCodeAndDoesNotRetryA4xx() {
        registry.on("GET /subjects/nobody-value/versions/latest",
                error(404, 40401, "Subject 'nobody-value' not found."));

        assertThatThrownBy(() -> client.getLatest("nobody-value"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.getMessage()).contains("Subject 'nobody-value' not found.");
                });
        assertThat(registry.count("GET", "/subjects/nobody-value/versions/latest")).isEqualTo(1);
    }

    @Test
    void anIncompatibleSchemaIsReportedWithCode409() {
        registry.on("POST /subjects/users-value/versions",
                error(409, 409, "Schema being registered is incompatible with an earlier schema"));

        assertThatThrownBy(() -> client.register("users-value", USER))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
                });
    }

    @Test
    void retriesATransient503AndThenSucceeds() {
        registry.on("GET /schemas/ids/9",
                error(503, 50003, "Error while forwarding the request to the leader"), ok(schemaAnswer(USER, "")));

        assertThat(client.getById(9)).isEqualTo(USER);
        assertThat(registry.count("GET", "/schemas/ids/9")).isEqualTo(2);
    }

    @Test
    void givesUpAfterTheConfiguredNumberOfRetries() {
        registry.on("GET /schemas/ids/9", error(500, 50001, "Error in the backend data store"));

        assertThatThrownBy(() -> client.getById(9))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(500);
                    assertThat(e.errorCode()).isEqualTo(50001);
                    assertThat(e.getMessage()).contains("gave up after 4 attempts");
                });
        assertThat(registry.count("GET", "/schemas/ids/9")).isEqualTo(4);
    }

    @Test
    void anUnreachableRegistryFailsWithoutAnHttpStatusAfterRetrying() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        CachingSchemaRegistryClient unreachable = new CachingSchemaRegistryClient(
                CachingSchemaRegistryClient.Options.defaults("http://127.0.0.1:" + freePort)
                        .withRetries(1, Duration.ofMillis(1), Duration.ofMillis(1)));

        assertThatThrownBy(() -> unreachable.getById(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(SchemaRegistryException.NO_HTTP_STATUS);
                    assertThat(e.getMessage()).contains("schema.registry.url").contains("gave up after 2 attempts");
                });
    }

    @Test
    void movesToTheNextUrlWhenOneRegistryInstanceIsDown() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        registry.on("GET /schemas/ids/4", ok(schemaAnswer(USER, "")));
        CachingSchemaRegistryClient twoUrls = new CachingSchemaRegistryClient(
                CachingSchemaRegistryClient.Options.defaults("http://127.0.0.1:" + freePort, registry.url())
                        .withRetries(1, Duration.ofMillis(1), Duration.ofMillis(1)));

        assertThat(twoUrls.getById(4)).isEqualTo(USER);
    }

    @Test
    void refusesSchemaTypesOtherThanAvroAndSaysSo() {
        registry.on("GET /schemas/ids/2", ok("{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}"));

        assertThatThrownBy(() -> client.getById(2))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("PROTOBUF").hasMessageContaining("AVRO only");
    }

    @Test
    void aBodyThatIsNotJsonIsReportedAsSuch() {
        registry.on("GET /schemas/ids/2", ok("<html>proxy</html>"));

        assertThatThrownBy(() -> client.getById(2))
                .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("not JSON");
    }

    @Test
    void readsAndSetsCompatibilityGloballyAndPerSubject() throws IOException {
        registry.on("GET /config", ok("{\"compatibilityLevel\":\"BACKWARD\"}"))
                .on("GET /config/users-value?defaultToGlobal=true", ok("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}"))
                .on("PUT /config/users-value", ok("{\"compatibility\":\"NONE\"}"))
                .on("PUT /config", ok("{\"compatibility\":\"FORWARD\"}"));

        assertThat(client.getCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(client.getCompatibility("users-value")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        client.setCompatibility("users-value", CompatibilityLevel.NONE);
        client.setCompatibility(CompatibilityLevel.FORWARD);

        List<FakeRegistryServer.Request> puts = registry.requests().stream()
                .filter(r -> r.method().equals("PUT")).toList();
        assertThat(puts).extracting(FakeRegistryServer.Request::path).containsExactly("/config/users-value", "/config");
        assertThat(JSON.readTree(puts.get(0).body())).isEqualTo(JSON.readTree("{\"compatibility\":\"NONE\"}"));
    }

    @Test
    void fallsBackToTheGlobalLevelWhenTheRegistryHasNoSubjectLevel() {
        registry.on("GET /config/orders-value?defaultToGlobal=true",
                        error(404, 40408, "Subject 'orders-value' does not have subject-level compatibility configured"))
                .on("GET /config", ok("{\"compatibilityLevel\":\"FORWARD\"}"));

        assertThat(client.getCompatibility("orders-value")).isEqualTo(CompatibilityLevel.FORWARD);
    }

    @Test
    void testsCompatibilityAgainstTheLatestVersion() {
        registry.on("POST /compatibility/subjects/users-value/versions/latest", ok("{\"is_compatible\":false}"))
                .on("POST /compatibility/subjects/new-value/versions/latest", error(404, 40401, "Subject not found"));

        assertThat(client.testCompatibility("users-value", USER)).isFalse();
        assertThat(client.testCompatibility("new-value", USER)).isTrue();
    }

    @Test
    void listsSubjectsAndVersionsAndEncodesSubjectNames() {
        registry.on("GET /subjects", ok("[\"a-value\",\"b/c\"]"))
                .on("GET /subjects/b%2Fc%20d/versions", ok("[1,2,4]"));

        assertThat(client.subjects()).containsExactly("a-value", "b/c");
        assertThat(client.versions("b/c d")).containsExactly(1, 2, 4);
    }

    @Test
    void sendsConfiguredHeadersSuchAsBasicAuthentication() {
        registry.on("GET /subjects", ok("[]"));
        CachingSchemaRegistryClient authenticated = new CachingSchemaRegistryClient(
                CachingSchemaRegistryClient.Options.defaults(registry.url()).withHeaders(Map.of("Authorization", "Basic eDp5")));

        assertThat(authenticated.subjects()).isEmpty();
        assertThat(registry.requests().get(0).headers().get("Authorization")).containsExactly("Basic eDp5");
    }

    @Test
    void rejectsUrlsThatAreNotHttp() {
        assertThatThrownBy(() -> CachingSchemaRegistryClient.Options.defaults("localhost:8081"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://localhost:8081");
    }

    private static String schemaAnswer(Schema schema, String extra) {
        return "{\"schema\":" + quoted(schema) + extra + "}";
    }

    private static String quoted(Schema schema) {
        try {
            return JSON.writeValueAsString(schema.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
