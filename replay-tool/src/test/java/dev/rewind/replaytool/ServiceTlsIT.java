package dev.rewind.replaytool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.cli.RewindCli;
import dev.rewind.kafka.embedded.internal.CertificateAuthority;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.replaytool.access.AccessTokens;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service serving TLS from a key store ({@code listeners=https://...}, {@code listeners.https.ssl.*}), with a
 * certificate issued in the test, and the CLI reaching it with {@code --truststore}.
 */
@ExtendWith(KafkaClusterExtension.class)
class ServiceTlsIT {

    @TempDir
    static Path certificates;

    private static CertificateAuthority authority;
    private static ReplayToolServer server;

    @BeforeAll
    static void startService(KafkaCluster cluster) {
        authority = CertificateAuthority.loadOrCreate(certificates);
        Map<String, Object> settings = new HashMap<>();
        settings.put(ServiceConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        settings.put(ServiceConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://service-tls-it");
        settings.put(ServiceConfig.LISTENERS_CONFIG, "https://127.0.0.1:0");
        settings.put(ServiceConfig.HTTPS_KEYSTORE_LOCATION_CONFIG, authority.keystore("replay-service").toString());
        settings.put(ServiceConfig.HTTPS_KEYSTORE_PASSWORD_CONFIG, CertificateAuthority.PASSWORD);
        server = ReplayToolServer.start(ServeCommand.options(ServiceConfig.of(settings), AccessTokens.open()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theCliTalksToTheServiceOverHttpsTrustingItsCaFromATruststore() {
        assertThat(server.url()).startsWith("https://127.0.0.1:");

        Run run = cli("replay", "list", "--server", server.url(), "--truststore", authority.truststore().toString(),
                "--truststore-password", CertificateAuthority.PASSWORD, "-o", "json");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("replays");
    }

    @Test
    void withoutTheTruststoreTheCliSaysInOneLineToPassOne() {
        Run run = cli("replay", "list", "--server", server.url());

        assertThat(run.code()).isEqualTo(3);
        assertThat(run.err().strip()).doesNotContain("\n").contains(server.url(), "--truststore");
    }

    @Test
    void theListenerDoesNotAnswerPlainHttp() {
        HttpClient http = HttpClient.newHttpClient();
        URI plain = URI.create(server.url().replace("https://", "http://") + "/health");

        assertThatThrownBy(() -> {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(plain).build(),
                    HttpResponse.BodyHandlers.ofString());
            // Jetty may answer a plain request on a TLS port with 400 instead of closing the connection
            if (response.statusCode() != 400) {
                throw new AssertionError("plain HTTP answered " + response.statusCode());
            }
            throw new IOException("refused with 400");
        }).isInstanceOf(IOException.class);
    }

    @Test
    void anHttpsListenerWithoutAKeyStoreOrAKeyStoreOnAnHttpListenerIsRefusedNamingTheKey() {
        Map<String, Object> https = Map.of(ServiceConfig.LISTENERS_CONFIG, "https://127.0.0.1:0");
        assertThatThrownBy(() -> ServiceConfig.of(https)).isInstanceOf(InvalidServiceConfigException.class)
                .hasMessageContaining(ServiceConfig.HTTPS_KEYSTORE_LOCATION_CONFIG);

        Map<String, Object> wrongPassword = Map.of(ServiceConfig.LISTENERS_CONFIG, "https://127.0.0.1:0",
                ServiceConfig.HTTPS_KEYSTORE_LOCATION_CONFIG, authority.keystore("replay-service").toString(),
                ServiceConfig.HTTPS_KEYSTORE_PASSWORD_CONFIG, "not-the-password");
        assertThatThrownBy(() -> ServiceConfig.of(wrongPassword)).isInstanceOf(InvalidServiceConfigException.class)
                .hasMessageContaining(ServiceConfig.HTTPS_KEYSTORE_PASSWORD_CONFIG)
                .hasMessageNotContaining("not-the-password");

        Map<String, Object> plain = Map.of(ServiceConfig.LISTENERS_CONFIG, "http://127.0.0.1:0",
                ServiceConfig.HTTPS_KEYSTORE_LOCATION_CONFIG, authority.keystore("replay-service").toString());
        assertThatThrownBy(() -> ServiceConfig.of(plain)).isInstanceOf(InvalidServiceConfigException.class)
                .hasMessageContaining("https://");
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RewindCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    private record Run(int code, String out, String err) {
    }
}
