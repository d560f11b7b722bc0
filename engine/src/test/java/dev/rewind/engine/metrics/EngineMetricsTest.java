package dev.rewind.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EngineMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final EngineMetrics metrics = new EngineMetrics(registry, new ComponentVersion("release", "v2"), 2);

    @Test
    void tagsProcessedEventsByVersionStatusAndCohort() {
        metrics.processed("ok", Cohort.of("acme", "pro", "p1"));
        metrics.processed("ok", Cohort.of("acme", "pro", "p1"));

        assertThat(registry.get(EngineMetrics.PROCESSED).tags("component", "release", "version", "v2",
                "status", "ok", "plan", "pro", "customer", "acme", "project", "p1").counter().count()).isEqualTo(2);
    }

    @Test
    void reportsCustomersPastTheCardinalityCapAsOther() {
        metrics.processed("ok", Cohort.ofCustomer("a"));
        metrics.processed("ok", Cohort.ofCustomer("b"));
        metrics.processed("ok", Cohort.ofCustomer("c"));
        metrics.processed("ok", Cohort.ofCustomer("a"));

        assertThat(registry.get(EngineMetrics.PROCESSED).tag("customer", "a").counter().count()).isEqualTo(2);
        assertThat(registry.get(EngineMetrics.PROCESSED).tag("customer", "other").counter().count()).isEqualTo(1);
        assertThat(registry.get(EngineMetrics.PROCESSED).tag("customer", "b").counter().count()).isEqualTo(1);
        assertThat(registry.get(EngineMetrics.PROCESSED).tag("project", CardinalityCap.NONE).counters()).hasSize(3);
    }

    @Test
    void capKeepsTheFirstValuesAndMapsAbsentToNone() {
        CardinalityCap cap = new CardinalityCap(1);

        assertThat(cap.tag(Optional.of("x"))).isEqualTo("x");
        assertThat(cap.tag(Optional.of("y"))).isEqualTo(CardinalityCap.OTHER);
        assertThat(cap.tag(Optional.of("x"))).isEqualTo("x");
        assertThat(cap.tag(Optional.empty())).isEqualTo(CardinalityCap.NONE);
    }

    @Test
    void servesThePrometheusScrapeOnTheMetricsPath() throws Exception {
        metrics.skipped("not-owned");
        metrics.consumerLag("commits", 3, 42);
        metrics.processingTime(1_500);
        metrics.endToEndLag(Duration.ofMillis(20));

        try (MetricsEndpoint endpoint = new MetricsEndpoint(registry, 0)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(endpoint.uri()).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(endpoint.uri()).isEqualTo(URI.create("http://localhost:" + endpoint.port() + "/metrics"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .contains("rewind_events_skipped_total{component=\"release\",reason=\"not-owned\",version=\"v2\"} 1.0")
                    .contains("rewind_consumer_lag{component=\"release\",partition=\"3\",topic=\"commits\",version=\"v2\"} 42.0")
                    .contains("rewind_processing_time_seconds_bucket")
                    .contains("rewind_end_to_end_lag_seconds_count");
        }
    }
}
