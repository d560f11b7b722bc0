package dev.rewind.replaytool.history;

import static dev.rewind.replaytool.history.internal.Records.cohort;
import static dev.rewind.replaytool.history.internal.Records.outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.demo.release.CommitPushed;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.replaytool.access.AccessControl;
import dev.rewind.replaytool.access.AccessTokens;
import dev.rewind.replaytool.http.HttpApi;
import dev.rewind.api.Json;
import dev.rewind.replaytool.testing.Http;
import dev.rewind.schemas.avro.Cohort;
import dev.rewind.schemas.avro.OutcomeStatus;
import dev.rewind.schemas.registry.InMemorySchemaRegistryClient;
import dev.rewind.schemas.serde.AvroSerializer;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The history REST API on a real broker, served by two instances that share the index. */
@ExtendWith(KafkaClusterExtension.class)
class HistoryApiIT {

    private static final String PREFIX = "api" + System.nanoTime() % 100_000;
    private static final String REGISTRY = "mock://" + PREFIX;
    private static final String SOURCE = PREFIX + ".commits";
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    static Path stateDir;

    private static final List<AutoCloseable> RESOURCES = new ArrayList<>();
    private static Http first;
    private static String firstUrl;
    private static Http second;

    @BeforeAll
    static void start(KafkaCluster cluster) throws Exception {
        cluster.createTopic(SOURCE, 2, (short) 1);
        cluster.createTopic(PREFIX + ".outcomes", 2, (short) 1);
        InMemorySchemaRegistryClient.scope(PREFIX).register(SOURCE + "-value", CommitPushed.getClassSchema());
        firstUrl = instance(cluster, "a");
        first = new Http(firstUrl);
        second = new Http(instance(cluster, "b"));
        await().atMost(PATIENCE).ignoreExceptions().until(() ->
                first.get("/api/v1/events/none", null).status() == 404
                        && second.get("/api/v1/events/none", null).status() == 404);
    }

    private static String instance(KafkaCluster cluster, String name) throws Exception {
        int port = freePort();
        Map<String, Object> props = new HashMap<>();
        props.put(HistoryConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(HistoryConfig.SCHEMA_REGISTRY_URL_CONFIG, REGISTRY);
        props.put(HistoryConfig.APPLICATION_ID_CONFIG, PREFIX + "-history");
        props.put(HistoryConfig.APPLICATION_SERVER_CONFIG, "localhost:" + port);
        props.put(HistoryConfig.STATE_DIR_CONFIG, stateDir.resolve(name).toString());
        props.put(HistoryConfig.SOURCE_TOPICS_CONFIG, SOURCE);
        props.put(HistoryConfig.OUTCOMES_TOPIC_CONFIG, PREFIX + ".outcomes");
        props.put(HistoryConfig.DLQ_PATTERN_CONFIG, PREFIX + "\\.dlq\\..+");
        props.put(HistoryConfig.COMMIT_INTERVAL_MS_CONFIG, 100L);
        props.put(HistoryConfig.PARTITIONS_CONFIG, 2);
        props.put(HistoryConfig.STREAMS_PREFIX + "consumer.session.timeout.ms", 6000);
        props.put(HistoryConfig.STREAMS_PREFIX + "consumer.heartbeat.interval.ms", 1500);
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
        return "http://localhost:" + port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The answer once the index is not rebalancing: a 503 during a rebalance is the contract. */
    private static Http.Response settled(java.util.function.Supplier<Http.Response> call) {
        return await().atMost(PATIENCE).until(call::get, r -> r.status() != 503);
    }

    @AfterAll
    static void stop() throws Exception {
        for (int i = RESOURCES.size() - 1; i >= 0; i--) {
            RESOURCES.get(i).close();
        }
    }

    private static String cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", firstUrl));
        int code = dev.rewind.cli.RewindCli.run(new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(err, true), all.toArray(String[]::new));
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    private static Map<String, Object> commit(String eventId, String customer, String plan, String project) {
        Map<String, Object> cohort = new HashMap<>();
        cohort.put("customer", customer);
        cohort.put("plan", plan);
        cohort.put("project", project);
        Map<String, Object> body = new HashMap<>(Map.of("cohort", cohort, "repository", "shop", "branch", "main",
                "commitSha", "c0ffee", "author", "ada"));
        if (eventId != null) {
            body.put("eventId", eventId);
        }
        return body;
    }

    @Test
    void anIngestedEventIsListedWithItsPayloadAndShownOnEveryInstance() {
        Http.Response ingested = first.post("/api/v1/events?topic=" + SOURCE, commit(null, "acme", "gold", "p1"),
                null);

        assertThat(ingested.status()).as(ingested.json().toString()).isEqualTo(202);
        String eventId = ingested.json().path("eventId").asText();
        assertThat(eventId).isNotBlank();
        assertThat(ingested.json().path("topic").asText()).isEqualTo(SOURCE);
        assertThat(ingested.json().path("offset").asLong()).isNotNegative();
        for (Http instance : List.of(first, second)) {
            await().atMost(PATIENCE).untilAsserted(() -> {
                Http.Response listed = instance.get("/api/v1/events?cohort=customer:acme&from=now-15m", null);
                assertThat(listed.status()).as(listed.json().toString()).isEqualTo(200);
                assertThat(listed.json().path("events")).extracting(e -> e.path("eventId").asText())
                        .contains(eventId);
            });
            Http.Response shown = instance.get("/api/v1/events/" + eventId, null);
            assertThat(shown.status()).isEqualTo(200);
            JsonNode event = shown.json().path("event");
            assertThat(event.path("payload").path("commitSha").asText()).isEqualTo("c0ffee");
            assertThat(event.path("cohort").path("plan").asText()).isEqualTo("gold");
            assertThat(event.path("type").asText()).isEqualTo(CommitPushed.getClassSchema().getFullName());
        }
        assertThat(cli("events", "list", "--cohort", "customer:acme")).contains(eventId, "CommitPushed");
        assertThat(cli("events", "show", eventId)).contains("c0ffee", SOURCE);
    }

    @Test
    void aPayloadThatDoesNotMatchTheSchemaIsRefusedNamingTheField() {
        Map<String, Object> body = commit("e-bad", "acme", "gold", "p1");
        body.put("commitSha", 42);
        Http.Response wrongType = first.post("/api/v1/events?topic=" + SOURCE, body, null);
        Map<String, Object> missing = commit("e-bad2", "acme", "gold", "p1");
        missing.remove("author");
        Http.Response missingField = first.post("/api/v1/events?subject=" + SOURCE + "-value", missing, null);
        Http.Response unknownSubject = first.post("/api/v1/events?topic=nope", commit(null, "a", "b", "c"), null);

        assertThat(wrongType.status()).isEqualTo(422);
        assertThat(wrongType.contentType()).startsWith("application/problem+json");
        assertThat(wrongType.json().path("field").asText()).isEqualTo("commitSha");
        assertThat(wrongType.json().path("detail").asText()).contains("commitSha");
        assertThat(missingField.status()).isEqualTo(422);
        assertThat(missingField.json().path("field").asText()).isEqualTo("author");
        assertThat(unknownSubject.status()).isEqualTo(422);
        assertThat(unknownSubject.json().path("detail").asText()).contains("nope", "not a source topic");
    }

    @Test
    void aValidEventTooLargeToReencodeIsIndexedWithoutItsPayloadAndTheIndexGoesOn() {
        // 900 KB: valid for the broker, but the index's JSON (base64) copy of it would exceed max.request.size
        Map<String, Object> large = commit(null, "bigco", "gold", "p9");
        large.put("author", "a".repeat(900_000));
        Http.Response ingestedLarge = first.post("/api/v1/events?topic=" + SOURCE, large, null);
        Http.Response ingestedAfter = first.post("/api/v1/events?topic=" + SOURCE, commit(null, "bigco", "gold", "p9"),
                null);
        assertThat(ingestedLarge.status()).as(ingestedLarge.json().toString()).isEqualTo(202);
        String largeId = ingestedLarge.json().path("eventId").asText();
        String afterId = ingestedAfter.json().path("eventId").asText();

        await().atMost(PATIENCE).untilAsserted(() -> {
            Http.Response listed = first.get("/api/v1/events?cohort=customer:bigco&from=now-15m", null);
            assertThat(listed.status()).as(listed.json().toString()).isEqualTo(200);
            assertThat(listed.json().path("events")).extracting(e -> e.path("eventId").asText())
                    .contains(largeId, afterId);
        });
        Http.Response shown = settled(() -> first.get("/api/v1/events/" + largeId, null));
        assertThat(shown.json().path("event").path("payload").asText()).contains("not kept by the history index");
        assertThat(shown.json().path("event").path("offset").asLong()).isEqualTo(ingestedLarge.json().path("offset")
                .asLong());
    }

    @Test
    void ingestWritesOnlyIntoExistingSourceTopicsNeverRewindsOrKafkasOwn(KafkaCluster cluster) throws Exception {
        String output = PREFIX + ".outputs";
        cluster.createTopic(output, 1, (short) 1);
        String unknown = PREFIX + ".created-by-ingest";
        List<String> refused = List.of("rewind.control", "rewind.routes", "rewind.outcomes", "rewind.dlq.shop",
                "_schemas", "__consumer_offsets", "__transaction_state", output, unknown, PREFIX + ".outcomes");

        for (String topic : refused) {
            Http.Response answer = first.post("/api/v1/events?topic=" + topic, commit(null, "acme", "gold", "p1"), null);
            assertThat(answer.status()).as(topic + ": " + answer.json()).isEqualTo(422);
            assertThat(answer.json().path("field").asText()).isEqualTo("topic");
        }
        Http.Response invalid = first.post("/api/v1/events?topic=bad%20name!", commit(null, "a", "b", "c"), null);
        Http.Response tooLong = first.post("/api/v1/events?topic=" + "t".repeat(250), commit(null, "a", "b", "c"),
                null);
        Http.Response viaSubject = first.post("/api/v1/events?subject=rewind.control-value",
                commit(null, "a", "b", "c"), null);

        assertThat(invalid.status()).as(invalid.json().toString()).isEqualTo(422);
        assertThat(invalid.json().path("detail").asText()).contains("not a valid Kafka topic name");
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(viaSubject.status()).isEqualTo(422);
        assertThat(cluster.admin().listTopics().names().get()).doesNotContain(unknown);
        assertThat(first.post("/api/v1/events?topic=" + SOURCE, commit(null, "acme", "gold", "p1"), null).status())
                .isEqualTo(202);
    }

    @Test
    void badQueriesAreProblemsThatSayWhatToFix() {
        assertThat(first.get("/api/v1/events?cohort=acme", null).status()).isEqualTo(400);
        assertThat(first.get("/api/v1/events?cohort=team:acme", null).status()).isEqualTo(400);
        assertThat(first.get("/api/v1/events", null).status()).isEqualTo(400);
        Http.Response badTime = first.get("/api/v1/events?cohort=customer:acme&from=yesterday", null);
        assertThat(badTime.status()).isEqualTo(400);
        assertThat(badTime.json().path("detail").asText()).contains("from", "ISO-8601");
        for (String outOfRange : List.of("-300000000-01-01T00:00:00Z", "%2B300000000-01-01T00:00:00Z",
                "999999999999999", "now-999999999d")) {
            Http.Response farOff = first.get("/api/v1/events?cohort=customer:acme&from=" + outOfRange, null);
            assertThat(farOff.status()).as(outOfRange + ": " + farOff.json()).isEqualTo(400);
            assertThat(farOff.json().path("detail").asText()).contains("out of range");
        }
        Http.Response badCohortValue = first.get("/api/v1/events?cohort=customer:a%3Ab", null);
        assertThat(badCohortValue.status()).isEqualTo(400);
        Http.Response bigLimit = first.get("/api/v1/events?cohort=customer:acme&limit=5000", null);
        assertThat(bigLimit.status()).isEqualTo(422);
        assertThat(bigLimit.json().path("detail").asText()).contains("1000");
        assertThat(first.get("/api/v1/events?cohort=customer:acme&from=now&to=now-1h", null).status())
                .isEqualTo(422);
        assertThat(first.get("/api/v1/events?cohort=customer:acme&cursor=garbage!", null).status()).isEqualTo(400);
        Http.Response unknown = settled(() -> second.get("/api/v1/events/no-such-event", null));
        assertThat(unknown.status()).as(unknown.json().toString()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(first.get("/api/v1/components/release-coordinator/versions?window=2h", null).status())
                .isEqualTo(400);
        assertThat(first.get("/api/v1/components/release-coordinator/versions?by=region", null).status())
                .isEqualTo(400);
        Http.Response unknownComponent = settled(() -> first.get("/api/v1/components/never-heard-of/versions", null));
        assertThat(unknownComponent.status()).as(unknownComponent.json().toString()).isEqualTo(404);
    }

    @Test
    void versionsShowErrorRatePerPlanAndTheGroupsLagPerPartition(KafkaCluster cluster) throws Exception {
        Map<String, Object> producerConfig = cluster.clientConfig();
        producerConfig.put("schema.registry.url", REGISTRY);
        producerConfig.put("acks", "all");
        AvroSerializer serializer = new AvroSerializer();
        serializer.configure(producerConfig, false);
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                serializer)) {
            for (int i = 0; i < 40; i++) {
                Cohort c = cohort("c" + i, i % 2 == 0 ? "gold" : "free", "p");
                OutcomeStatus status = i % 4 == 0 ? OutcomeStatus.ERROR : OutcomeStatus.OK;
                producer.send(new ProducerRecord<>(PREFIX + ".outcomes", "o" + i,
                        outcome("o" + i, c, "v1", null, status, 2000, Instant.now())));
            }
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(SOURCE, 0, "p", (Object) dev.rewind.replaytool.history.internal
                        .Records.commit("lag-" + i, cohort("lagco", "free", "p9"))));
            }
            producer.flush();
        }
        Map<String, Object> consumerConfig = cluster.clientConfig();
        consumerConfig.put("group.id", "release-coordinator.v1");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.commitSync(Map.of(new TopicPartition(SOURCE, 0), new OffsetAndMetadata(1)));
        }

        await().atMost(PATIENCE).untilAsserted(() -> {
            Http.Response versions = second.get(
                    "/api/v1/components/release-coordinator/versions?window=15m&by=plan", null);
            assertThat(versions.status()).as(versions.json().toString()).isEqualTo(200);
            JsonNode v1 = versions.json().path("versions").get(0);
            assertThat(v1.path("version").asText()).isEqualTo("v1");
            assertThat(v1.path("outcomes").asLong()).isEqualTo(40);
            assertThat(v1.path("errorRate").asDouble()).isEqualTo(0.25);
            assertThat(v1.path("byCohort").path("plan:gold").path("errorRate").asDouble()).isEqualTo(0.5);
            assertThat(v1.path("byCohort").path("plan:free").path("errorRate").asDouble()).isZero();
            assertThat(v1.path("p99Millis").asDouble()).isBetween(2.0, 2.1);
            assertThat(v1.path("instances").asInt()).isZero();
            JsonNode lag = v1.path("lag").get(0);
            assertThat(lag.path("topic").asText()).isEqualTo(SOURCE);
            assertThat(lag.path("committed").asLong()).isEqualTo(1);
            assertThat(lag.path("lag").asLong()).isEqualTo(lag.path("end").asLong() - 1);
        });
        assertThat(cli("versions", "show", "release-coordinator", "--by", "plan")).contains("v1", "plan:gold", "50.0%");
    }
}
