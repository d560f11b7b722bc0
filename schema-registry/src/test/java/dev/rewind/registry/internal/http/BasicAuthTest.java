package dev.rewind.registry.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.rewind.registry.BasicAuthentication;
import dev.rewind.registry.internal.SchemaRegistryService;
import dev.rewind.registry.internal.store.InMemorySchemaLog;
import dev.rewind.registry.internal.store.SchemaStore;
import dev.rewind.schemas.registry.CachingSchemaRegistryClient;
import dev.rewind.schemas.registry.RegistryCredentials;
import dev.rewind.schemas.registry.SchemaRegistryException;

class BasicAuthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = RegistryClient.schemaBody(RegistryFixture.USER_V1);

    @TempDir
    Path dir;

    private SchemaStore store;
    private RegistryHttpServer server;
    private String url;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startRegistry() throws Exception {
        Path users = dir.resolve("users.properties");
        Files.writeString(users, """
                # user: password,role
                ci: MD5:%s,writer
                app: app-secret,reader
                nobody: nobody-secret
                """.formatted(md5("ci-secret")));
        store = new SchemaStore(new InMemorySchemaLog(), Duration.ofSeconds(10));
        store.start();
        server = RegistryHttpServer.start(new SchemaRegistryService(store), "127.0.0.1", 0,
                Optional.of(BasicAuthentication.fromFile(users)));
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    @Test
    void aRequestWithoutCredentialsIsAnsweredWith401AndAChallengeInConfluentsErrorShape() throws Exception {
        HttpResponse<String> response = send("GET", "/subjects", null, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic realm=\"SchemaRegistry\""));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("error_code").asInt()).isEqualTo(401);
        assertThat(body.path("message").asText()).contains("basic.auth.user.info");
    }

    @Test
    void aWrongPasswordIsA401ThatNeverEchoesThePassword() throws Exception {
        HttpResponse<String> response = send("GET", "/subjects", "ci:not-the-password", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(response.body()).contains("'ci'").doesNotContain("not-the-password");
    }

    @Test
    void anUnknownUserAndMalformedCredentialsAre401() throws Exception {
        assertThat(send("GET", "/subjects", "mallory:x", null).statusCode()).isEqualTo(401);
        HttpResponse<String> garbage = http.send(HttpRequest.newBuilder(URI.create(url + "/subjects"))
                .header("Authorization", "Basic !!!not-base64").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(garbage.statusCode()).isEqualTo(401);
    }

    @Test
    void theWriterWithAnMd5HashedPasswordRegistersChangesCompatibilityAndDeletes() throws Exception {
        assertThat(send("POST", "/subjects/users-value/versions", "ci:ci-secret", SCHEMA).statusCode())
                .isEqualTo(200);
        assertThat(send("PUT", "/config/users-value", "ci:ci-secret", "{\"compatibility\": \"FULL\"}")
                .statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/subjects/users-value", "ci:ci-secret", null).statusCode()).isEqualTo(200);
    }

    @Test
    void theReaderReadsLooksUpAndTestsCompatibilityButEveryWriteIsA403() throws Exception {
        send("POST", "/subjects/users-value/versions", "ci:ci-secret", SCHEMA);
        String reader = "app:app-secret";

        assertThat(send("GET", "/subjects", reader, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/schemas/ids/1", reader, null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/subjects/users-value", reader, SCHEMA).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/compatibility/subjects/users-value/versions/latest", reader, SCHEMA)
                .statusCode()).isEqualTo(200);

        for (String[] write : new String[][] {
                {"POST", "/subjects/users-value/versions", SCHEMA},
                {"POST", "/subjects/users-value/versions/", SCHEMA},
                {"PUT", "/config", "{\"compatibility\": \"NONE\"}"},
                {"PUT", "/config/users-value", "{\"compatibility\": \"NONE\"}"},
                {"PUT", "/mode", "{\"mode\": \"READONLY\"}"},
                {"DELETE", "/subjects/users-value/versions/1", null},
                {"DELETE", "/subjects/users-value?permanent=true", null},
                {"DELETE", "/config/users-value", null}}) {
            HttpResponse<String> response = send(write[0], write[1], reader, write[2]);
            assertThat(response.statusCode()).as(write[0] + " " + write[1]).isEqualTo(403);
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("error_code").asInt()).isEqualTo(403);
            assertThat(body.path("message").asText()).contains("'app'", "writer");
        }
        assertThat(send("GET", "/subjects/users-value/versions", reader, null).body()).isEqualTo("[1]");
    }

    @Test
    void aUserWithoutARoleMayNotEvenRead() throws Exception {
        HttpResponse<String> response = send("GET", "/subjects", "nobody:nobody-secret", null);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("reader");
    }

    @Test
    void rewindsClientWithTheWritersCredentialsRegistersAndWithWrongOnesFailsInOneLineNamingTheUrlAndSettings() {
        Schema schema = new Schema.Parser().parse(RegistryFixture.USER_V1);
        assertThat(client("ci:ci-secret").register("users-value", schema)).isPositive();

        assertThatThrownBy(() -> client("ci:wrong-password").getById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("wrong-password")
                        .contains(url, "401", "basic.auth.user.info"));
    }

    private CachingSchemaRegistryClient client(String userInfo) {
        Map<String, String> config = Map.of("basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", userInfo);
        return new CachingSchemaRegistryClient(CachingSchemaRegistryClient.Options.defaults(url)
                .withCredentials(RegistryCredentials.from(config, URI.create(url))));
    }

    private HttpResponse<String> send(String method, String path, String userInfo, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json");
        if (userInfo != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String md5(String password) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest(password.getBytes(StandardCharsets.UTF_8)));
    }
}
