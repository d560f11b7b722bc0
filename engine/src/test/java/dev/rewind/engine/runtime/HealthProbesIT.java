package dev.rewind.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.engine.metrics.MetricsEndpoint;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessorContext;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.testsupport.SchemaRegistryExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The instance's {@code /readyz} and {@code /livez} over HTTP, as a kubelet asks them. */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class HealthProbesIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final SchemaRegistryServer registry;

    HealthProbesIT(SchemaRegistryServer registry) {
        this.registry = registry;
    }

    /** Does nothing with an event. */
    static final class IdleProcessor implements EventProcessor {
        @Override
        public void process(Event event, ProcessorContext context) {
        }
    }

    /** Blocks in the processor until released: a loop that stops polling. */
    static final class StuckProcessor implements EventProcessor {
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        @Override
        public void process(Event event, ProcessorContext context) throws Exception {
            RELEASE.await(2, TimeUnit.MINUTES);
        }
    }

    @Test
    void isReadyAndAliveOnceRunningAndNeitherAfterClose(KafkaCluster cluster, @TempDir Path stateDir)
            throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, registry.url(), stateDir, 3, (short) 1)) {
            fixture.routeEverythingTo("v1");
            Map<String, Object> settings = fixture.settings("v1", "a");
            settings.put("metrics.port", "-1");
            ComponentRuntime runtime = fixture.start(settings, IdleProcessor::new);
            URI metrics = runtime.metricsUri().orElseThrow();
            fixture.produce(List.of(RuntimeFixture.event("e1", "acme", "p1")));

            await().atMost(RuntimeFixture.PATIENCE).untilAsserted(() ->
                    assertThat(get(metrics.resolve(MetricsEndpoint.READINESS_PATH))).isEqualTo("200 ok\n"));
            assertThat(get(metrics.resolve(MetricsEndpoint.LIVENESS_PATH))).isEqualTo("200 ok\n");

            runtime.close();

            assertThat(runtime.health().readiness().up()).isFalse();
            assertThat(runtime.health().liveness().reasons()).singleElement().asString().startsWith("Closed");
        }
    }

    @Test
    void isNotAliveWhenTheLoopStopsPollingForMaxPollInterval(KafkaCluster cluster, @TempDir Path stateDir)
            throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, registry.url(), stateDir, 1, (short) 1)) {
            fixture.routeEverythingTo("v1");
            Map<String, Object> settings = fixture.settings("v1", "a");
            settings.put("metrics.port", "-1");
            settings.put("consumer.max.poll.interval.ms", "5000");
            ComponentRuntime runtime = fixture.start(settings, StuckProcessor::new);
            URI liveness = runtime.metricsUri().orElseThrow().resolve(MetricsEndpoint.LIVENESS_PATH);
            await().atMost(RuntimeFixture.PATIENCE).until(() -> runtime.health().readiness().up());
            assertThat(get(liveness)).isEqualTo("200 ok\n");

            fixture.produce(List.of(RuntimeFixture.event("stuck", "acme", "p1")));

            try {
                await().atMost(Duration.ofMinutes(1)).untilAsserted(() ->
                        assertThat(get(liveness)).startsWith("503 ").contains("has not polled for")
                                .contains("max.poll.interval.ms"));
            } finally {
                StuckProcessor.RELEASE.countDown();
            }
            await().atMost(Duration.ofMinutes(1)).until(() -> runtime.health().liveness().up());
        }
    }

    /** The status code and body, e.g. {@code 200 ok\n}. */
    private static String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
