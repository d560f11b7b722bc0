package dev.rewind.replaytool.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.demo.release.CommitPushed;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.replaytool.access.AccessControl;
import dev.rewind.replaytool.access.AccessTokens;
import dev.rewind.replaytool.http.HttpApi;
import dev.rewind.api.Json;
import dev.rewind.schemas.registry.InMemorySchemaRegistryClient;
import dev.rewind.schemas.serde.WireFormat;
import io.javalin.Javalin;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/events} on the service over HTTP and a real broker: plain JSON and Avro's JSON encoding are
 * both accepted and reported, a body that fits neither is refused naming its real problem, and every answer
 * (results and problems) is UTF-8.
 */
@ExtendWith(KafkaClusterExtension.class)
class EventIngestEncodingIT {

    private static final String PREFIX = "enc" + System.nanoTime() % 100_000;
    private static final String SOURCE = PREFIX + ".commits";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path stateDir;

    private static final List<AutoCloseable> RESOURCES = new ArrayList<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String base;
    private static KafkaCluster kafka;

    @BeforeAll
    static void start(KafkaCluster cluster) throws Exception {
        kafka = cluster;
        cluster.createTopic(SOURCE, 1, (short) 1);
        cluster.createTopic(PREFIX + ".outcomes", 1, (short) 1);
        InMemorySchemaRegistryClient.scope(PREFIX).register(SOURCE + "-value", CommitPushed.getClassSchema());
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, Object> props = new HashMap<>();
        props.put(HistoryConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(HistoryConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + PREFIX);
        props.put(HistoryConfig.APPLICATION_ID_CONFIG, PREFIX + "-history");
        props.put(HistoryConfig.APPLICATION_SERVER_CONFIG, "localhost:" + port);
        props.put(HistoryConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(HistoryConfig.SOURCE_TOPICS_CONFIG, SOURCE);
        props.put(HistoryConfig.OUTCOMES_TOPIC_CONFIG, PREFIX + ".outcomes");
        props.put(HistoryConfig.DLQ_PATTERN_CONFIG, PREFIX + "\\.dlq\\..+");
        props.put(HistoryConfig.PARTITIONS_CONFIG, 1);
        HistoryIndex index = HistoryIndex.start(new HistoryConfig(props));
        RESOURCES.add(index);
        EventIngestor ingestor = new EventIngestor(cluster.clientConfig(), index.registry(),
                new IngestTopics(cluster.admin(), java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(SOURCE)),
                        java.util.Set::of));
        RESOURCES.add(ingestor);
        Javalin app = HttpApi.create(Json.mapper(), new AccessControl(AccessTokens.open()));
        new HistoryHandlers(index, ingestor, cluster.admin(), Json.mapper()).register(app);
        app.start("localhost", port);
        RESOURCES.add(app::stop);
        base = "http://localhost:" + port;
    }

    @AfterAll
    static void stop() throws Exception {
        for (int i = RESOURCES.size() - 1; i >= 0; i--) {
            RESOURCES.get(i).close();
        }
    }

    @Test
    void plainJsonIsAcceptedAndReportedAsJson() throws Exception {
        HttpResponse<byte[]> response = ingest("?topic=" + SOURCE, """
                {"eventId": "plain-1", "cohort": {"customer": "acme", "plan": null},
                 "repository": "shop", "branch": "main", "commitSha": "c0ffee", "author": "ada"}""");

        assertThat(response.statusCode()).as(utf8(response)).isEqualTo(202);
        assertThat(json(response).get("encoding").asText()).isEqualTo("json");
        assertThat(produced(json(response)).get("cohort").toString()).contains("\"customer\": \"acme\"");
    }

    @Test
    void avrosJsonEncodingWithWrappedUnionsIsAcceptedAndReportedAsAvroJson() throws Exception {
        HttpResponse<byte[]> response = ingest("?topic=" + SOURCE, """
                {"eventId": "avro-1", "cohort": {"customer": {"string": "x"}, "plan": null,
                                                 "project": {"string": "p9"}},
                 "repository": "shop", "branch": "main", "commitSha": "c0ffee", "author": "ada"}""");

        assertThat(response.statusCode()).as(utf8(response)).isEqualTo(202);
        assertThat(json(response).get("encoding").asText()).isEqualTo("avro-json");
        GenericRecord cohort = (GenericRecord) produced(json(response)).get("cohort");
        assertThat(cohort.get("customer")).hasToString("x");
        assertThat(cohort.get("project")).hasToString("p9");
    }

    @Test
    void aBodyInNeitherEncodingIsRefusedNamingTheRealProblem() throws Exception {
        HttpResponse<byte[]> wrongBranch = ingest("?topic=" + SOURCE, """
                {"eventId": "bad-1", "cohort": {"customer": {"int": 5}, "plan": null, "project": null},
                 "repository": "shop", "branch": "main", "commitSha": "c0ffee", "author": "ada"}""");
        HttpResponse<byte[]> wrongType = ingest("?topic=" + SOURCE, """
                {"eventId": "bad-2", "cohort": {"customer": 5},
                 "repository": "shop", "branch": "main", "commitSha": "c0ffee", "author": "ada"}""");

        assertThat(wrongBranch.statusCode()).isEqualTo(422);
        assertThat(json(wrongBranch).get("detail").asText())
                .contains("field 'cohort.customer' names union branch 'int'", "[null, string]", "Avro's JSON encoding")
                .doesNotContain("must be a string");
        assertThat(json(wrongBranch).get("field").asText()).isEqualTo("cohort.customer");
        assertThat(wrongType.statusCode()).isEqualTo(422);
        assertThat(json(wrongType).get("detail").asText()).contains("field 'cohort.customer' must be a string",
                "not in Avro's JSON encoding either");
        assertThat(json(wrongType).get("field").asText()).isEqualTo("cohort.customer");
    }

    @Test
    void answersAndProblemsAreUtf8() throws Exception {
        String eventId = "bestellung-ö-ß-€-😀";
        HttpResponse<byte[]> accepted = ingest("?topic=" + SOURCE, """
                {"eventId": "%s", "cohort": {"customer": "Jörg €"},
                 "repository": "shop", "branch": "main", "commitSha": "c0ffee", "author": "Zoë"}"""
                .formatted(eventId));
        HttpResponse<byte[]> refused = ingest("?topic=" + URLEncoder.encode("bücher-€", StandardCharsets.UTF_8),
                "{\"eventId\": \"x\"}");

        assertThat(accepted.statusCode()).as(utf8(accepted)).isEqualTo(202);
        assertThat(json(accepted).get("eventId").asText()).isEqualTo(eventId);
        assertThat(produced(json(accepted)).get("author")).hasToString("Zoë");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(json(refused).get("detail").asText()).contains("bücher-€");
    }

    private static HttpResponse<byte[]> ingest(String query, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events" + query))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Decodes strictly: ISO-8859-1 output or lost characters fail the test. */
    private static String utf8(HttpResponse<byte[]> response) throws Exception {
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(response.body())).toString();
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws Exception {
        return JSON.readTree(utf8(response));
    }

    /** The record the ingest wrote, read back from the topic at the offset it answered with. */
    private static GenericRecord produced(JsonNode result) throws Exception {
        TopicPartition partition = new TopicPartition(result.get("topic").asText(), result.get("partition").asInt());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.clientConfig(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, result.get("offset").asLong());
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
            });
            byte[] value = records.get(0).value();
            assertThat(WireFormat.schemaId(value)).isEqualTo(result.get("schemaId").asInt());
            return new GenericDatumReader<GenericRecord>(CommitPushed.getClassSchema()).read(null,
                    DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
        }
    }
}
