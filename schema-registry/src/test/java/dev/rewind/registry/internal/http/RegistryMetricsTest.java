package dev.rewind.registry.internal.http;

import static dev.rewind.registry.internal.http.RegistryFixture.ORDER;
import static dev.rewind.registry.internal.http.RegistryFixture.USER_V1;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.rewind.registry.internal.http.RegistryClient.Response;

class RegistryMetricsTest {

    private final RegistryFixture registry = new RegistryFixture();
    private final RegistryClient client = registry.client;

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void servesRequestsByRouteTemplateAndStatusSubjectsAndJvmMetricsInPrometheusFormat() {
        registry.registerOk("users-value", USER_V1);
        registry.registerOk("orders-value", ORDER);
        client.delete("/subjects/orders-value");
        client.get("/subjects/nobody-value/versions");
        client.get("/no/such/endpoint");

        Response scrape = client.get("/metrics");

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.contentType()).startsWith("text/plain; version=0.0.4");
        assertThat(scrape.body())
                .contains("http_server_requests_seconds_count{method=\"POST\",status=\"200\","
                        + "uri=\"/subjects/{subject}/versions\"} 2")
                .contains("http_server_requests_seconds_count{method=\"GET\",status=\"404\","
                        + "uri=\"/subjects/{subject}/versions\"} 1")
                .contains("http_server_requests_seconds_count{method=\"GET\",status=\"404\",uri=\"NOT_FOUND\"} 1")
                .contains("schema_registry_subjects 1.0")
                .contains("jvm_memory_used_bytes{")
                .doesNotContain("users-value");
    }
}
