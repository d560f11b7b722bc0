package dev.rewind.replaytool.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.replaytool.ReplayToolServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The replay service with history switched on: the API answers and Prometheus can scrape the index. */
@ExtendWith(KafkaClusterExtension.class)
class HistoryServerIT {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(ReplayToolServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theServiceServesHistoryAndAPrometheusScrape(KafkaCluster cluster, @TempDir Path state) throws Exception {
        cluster.createTopic("server-it.commits", 1, (short) 1);
        ReplayToolServer.Options options = ReplayToolServer.Options.builder(cluster.bootstrapServers(), "mock://server-it")
                .history(Map.of(HistoryConfig.SOURCE_TOPICS_CONFIG, "server-it.commits",
                        HistoryConfig.APPLICATION_ID_CONFIG, "server-it-history",
                        HistoryConfig.STATE_DIR_CONFIG, state.toString(),
                        HistoryConfig.COMMIT_INTERVAL_MS_CONFIG, "100")).build();
        try (ReplayToolServer server = ReplayToolServer.start(options)) {
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                    assertThat(get(server, "/api/v1/events?cohort=customer:acme").statusCode()).isEqualTo(200));

            HttpResponse<String> scrape = get(server, ReplayToolServer.METRICS_PATH);

            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("rewind_history_running 1.0", "kafka_stream_", "jvm_memory_used_bytes");

            HttpResponse<String> route = http.send(HttpRequest.newBuilder(URI.create(server.url()
                            + "/api/v1/components/shop/routes/customer:acme"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"target\":\"v2\",\"reason\":\"server-it\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(route.statusCode()).as(route.body()).isEqualTo(200);
            HttpResponse<String> versions = get(server, "/api/v1/components/shop/versions");
            assertThat(versions.statusCode()).as(versions.body()).isEqualTo(200);
            assertThat(versions.body()).contains("\"version\" : \"v2\"", "\"selector\" : \"customer:acme\"");
        }
    }
}
