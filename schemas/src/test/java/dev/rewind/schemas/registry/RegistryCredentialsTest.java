package dev.rewind.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.schemas.serde.AvroSerdeConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RegistryCredentialsTest {

    private static final URI PLAIN = URI.create("https://registry:8081");

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sendsUserInfoAsBasicAuthentication() {
        RegistryCredentials credentials = RegistryCredentials.from(Map.of(
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "fred:s3cret"), PLAIN);
        assertThat(credentials.headers()).containsExactly(Map.entry("Authorization", basic("fred:s3cret")));
        assertThat(credentials.toString()).doesNotContain("s3cret", "fred").contains("Basic");
    }

    @Test
    void takesTheUserInfoOfTheUrlWhenToldTo() {
        RegistryCredentials credentials = RegistryCredentials.from(Map.of("basic.auth.credentials.source", "URL"),
                URI.create("https://fred:s3cret@registry:8081"));
        assertThat(credentials.headers()).containsEntry("Authorization", basic("fred:s3cret"));
    }

    @Test
    void inheritsTheKafkaClientsSaslCredentialsWhenToldTo() {
        RegistryCredentials credentials = RegistryCredentials.from(Map.of(
                "basic.auth.credentials.source", "SASL_INHERIT",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"engine\" password=\"pw\";"), PLAIN);
        assertThat(credentials.headers()).containsEntry("Authorization", basic("engine:pw"));
    }

    @Test
    void sendsAStaticBearerToken() {
        RegistryCredentials credentials = RegistryCredentials.from(Map.of(
                "bearer.auth.credentials.source", "STATIC_TOKEN", "bearer.auth.token", "tok"), PLAIN);
        assertThat(credentials.headers()).containsEntry("Authorization", "Bearer tok");
    }

    @Test
    void namesTheKeyOfAMissingOrBadSettingWithoutShowingSecrets() {
        assertThatThrownBy(() -> RegistryCredentials.from(Map.of("basic.auth.user.info", "no-colon-secret"), PLAIN))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basic.auth.user.info")
                .hasMessageNotContaining("no-colon-secret");
        assertThatThrownBy(() -> RegistryCredentials.from(Map.of("bearer.auth.credentials.source", "STATIC_TOKEN"),
                PLAIN)).isInstanceOf(ConfigException.class).hasMessageContaining("bearer.auth.token");
        assertThatThrownBy(() -> RegistryCredentials.from(Map.of("basic.auth.credentials.source", "URL"), PLAIN))
                .isInstanceOf(ConfigException.class).hasMessageContaining("user:password@");
        assertThatThrownBy(() -> RegistryCredentials.from(Map.of(
                "schema.registry.ssl.truststore.location", "/nowhere/truststore.p12",
                "schema.registry.ssl.truststore.password", "pw"), PLAIN))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.ssl");
    }

    @Test
    void noSettingsMeanNoCredentials() {
        assertThat(RegistryCredentials.from(Map.of(), PLAIN)).isEqualTo(RegistryCredentials.none());
    }

    @Test
    void aRefusedRequestSaysWhichSettingsToCheckInOneLine() throws Exception {
        try (FakeRegistryServer server = new FakeRegistryServer()
                .on("GET /schemas/ids/1", FakeRegistryServer.error(401, 401, "Unauthorized"))) {
            SchemaRegistryClient client = new AvroSerdeConfig(Map.of("schema.registry.url", server.url(),
                    "basic.auth.user.info", "fred:wrong")).createRegistryClient();
            assertThatThrownBy(() -> client.getById(1)).isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("HTTP 401").hasMessageContaining("basic.auth.user.info")
                    .hasMessageNotContaining("wrong").message().doesNotContain("\n");
            assertThat(server.requests().get(0).headers().get("Authorization")).containsExactly(basic("fred:wrong"));
        }
    }
}
