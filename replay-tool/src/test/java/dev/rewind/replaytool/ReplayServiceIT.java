package dev.rewind.replaytool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.protocol.control.ControlKey;
import dev.rewind.replaytool.access.AccessTokens;
import dev.rewind.cli.RewindCli;
import dev.rewind.replaytool.control.ControlTopic;
import dev.rewind.api.Json;
import dev.rewind.replaytool.testing.Http;
import dev.rewind.replaytool.testing.LiveMember;
import dev.rewind.schemas.avro.DryRunDifference;
import dev.rewind.schemas.avro.DryRunDifferenceKind;
import dev.rewind.schemas.avro.DryRunResult;
import dev.rewind.schemas.avro.DryRunState;
import dev.rewind.schemas.avro.ReplayPartitionPlan;
import dev.rewind.schemas.avro.ReplayPartitionState;
import dev.rewind.schemas.avro.ReplayProgress;
import dev.rewind.schemas.serde.AvroSerdeConfig;
import dev.rewind.schemas.serde.AvroSerializer;
import dev.rewind.schemas.serde.TopicRecordNameStrategy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The replay API on a real broker: every validation and access error, aggregation, audit, CLI. */
@ExtendWith(KafkaClusterExtension.class)
class ReplayServiceIT {

    private static final String REGISTRY = "mock://replay-service-it";
    private static final String OPERATOR = "op-token";
    private static final String VIEWER = "view-token";
    private static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static ReplayToolServer server;
    private static Http http;
    private static final List<AutoCloseable> MEMBERS = new ArrayList<>();
    private static Instant earliestRetained;

    @BeforeAll
    static void startService(KafkaCluster cluster) throws Exception {
        // source topic of "billing": three events an hour apart, the oldest deleted (deleteRecords; no time
        // retention, so only the first retained record tells what is left)
        cluster.admin().createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("billing-events", 1, (short) 1)
                .configs(Map.of("retention.ms", "-1")))).all().get();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int hoursAgo = 3; hoursAgo >= 1; hoursAgo--) {
                producer.send(new ProducerRecord<>("billing-events", 0,
                        START.minus(Duration.ofHours(hoursAgo)).toEpochMilli(), "k", "e" + hoursAgo)).get();
            }
        }
        cluster.admin().deleteRecords(Map.of(new TopicPartition("billing-events", 0), RecordsToDelete.beforeOffset(1)))
                .all().get();
        earliestRetained = START.minus(Duration.ofHours(2));
        MEMBERS.add(LiveMember.join(cluster.bootstrapServers(), "billing.v1", "billing-events"));
        LiveMember.leaveEmptyGroup(cluster.bootstrapServers(), "billing.v0", "billing-events");
        cluster.createTopic("orders", 2, (short) 1);
        MEMBERS.add(LiveMember.join(cluster.bootstrapServers(), "orders.v2", "orders"));

        server = ReplayToolServer.start(ReplayToolServer.Options.builder(cluster.bootstrapServers(), REGISTRY)
                .tokens(AccessTokens.parse(OPERATOR + "=olga:operator," + VIEWER + "=victor:viewer")).build());
        http = new Http(server.url());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        for (AutoCloseable member : MEMBERS) {
            member.close();
        }
    }

    private static Map<String, Object> replay(String component, String version, String cohort, Instant from, Instant to) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("component", component);
        body.put("version", version);
        body.put("cohort", cohort);
        body.put("from", from.toString());
        if (to != null) {
            body.put("to", to.toString());
        }
        body.put("reason", "bug 42 in rounding");
        return body;
    }

    private static Http.Response start(Map<String, Object> body) {
        return http.post("/api/v1/replays", body, OPERATOR);
    }

    private static void assertProblem(Http.Response response, int status, String type) {
        assertThat(response.status()).as(response.json().toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.problem()).isEqualTo(type);
        assertThat(response.json().path("title").asText()).isNotBlank();
        assertThat(response.json().path("detail").asText()).isNotBlank();
        assertThat(response.json().path("instance").asText()).startsWith("/api/v1/");
    }

    @Test
    void anUnknownComponentIs404() {
        assertProblem(start(replay("nobody", "v1", "default", START.minusSeconds(60), null)), 404, "unknown-component");
    }

    @Test
    void anUnknownVersionIs404AndListsTheKnownOnes() {
        Http.Response response = start(replay("billing", "v9", "default", START.minusSeconds(60), null));

        assertProblem(response, 404, "unknown-version");
        assertThat(response.json().path("knownVersions").toString()).contains("v0", "v1");
    }

    @Test
    void aVersionWhoseGroupHasNoMemberIs409() {
        Http.Response response = start(replay("billing", "v0", "default", START.minusSeconds(60), null));

        assertProblem(response, 409, "no-running-instance");
        assertThat(response.json().path("detail").asText()).contains("billing.v0");
    }

    @Test
    void anEmptyWindowIs422() {
        assertProblem(start(replay("billing", "v1", "default", START.minusSeconds(60), START.minusSeconds(60))),
                422, "empty-window");
        assertProblem(start(replay("billing", "v1", "default", START.minusSeconds(60), START.minusSeconds(120))),
                422, "empty-window");
    }

    @Test
    void aWindowEndingInTheFutureIs422() {
        assertProblem(start(replay("billing", "v1", "default", START.minusSeconds(60), Instant.now().plusSeconds(3600))),
                422, "window-in-future");
    }

    @Test
    void aWindowLongerThanTheMaximumIs422() {
        Http.Response response = start(replay("billing", "v1", "default", START.minus(Duration.ofHours(25)),
                START.minusSeconds(1)));

        assertProblem(response, 422, "window-too-long");
        assertThat(response.json().path("maxWindow").asText()).isEqualTo("PT24H");
    }

    @Test
    void aWindowStartingBeforeTheEarliestRetainedEventIs422NamingThatTime() {
        Http.Response response = start(replay("billing", "v1", "customer:acme",
                earliestRetained.minus(Duration.ofMinutes(30)), null));

        assertProblem(response, 422, "window-before-retention");
        assertThat(Instant.parse(response.json().path("earliestAvailable").asText())).isEqualTo(earliestRetained);
        assertThat(response.json().path("detail").asText()).contains(earliestRetained.toString());
    }

    @Test
    void malformedRequestsAre400Or422() {
        assertProblem(http.post("/api/v1/replays", "{not json", OPERATOR), 400, "bad-request");
        Map<String, Object> badCohort = replay("billing", "v1", "tenant:x", START.minusSeconds(60), null);
        assertProblem(start(badCohort), 422, "invalid-value");
        Map<String, Object> noReason = replay("billing", "v1", "default", START.minusSeconds(60), null);
        noReason.remove("reason");
        assertProblem(start(noReason), 422, "invalid-value");
    }

    @Test
    void cohortsOutsideTheOneGrammarAre422() {
        for (String cohort : List.of("customer:a\u0000", "customer:a\u0007", "customer:\u202Eevil", "customer:\uD83D\uDE00",
                "customer:" + "x".repeat(100_000), "customer:a:b", "plan: gold")) {
            Map<String, Object> body = replay("billing", "v1", cohort, START.minusSeconds(600), START.minusSeconds(60));
            Http.Response response = start(body);
            assertProblem(response, 422, "invalid-value");
            assertThat(response.json().path("detail").asText()).contains("'cohort'").hasSizeLessThan(400);
        }
    }

    @Test
    void aReplayOverlappingARunningOneOfTheSameVersionIs409UntilItIsCancelled() {
        Http.Response first = start(replay("billing", "v1", "customer:acme", START.minusSeconds(600), null));
        assertThat(first.status()).as(first.json().toString()).isEqualTo(202);
        String id = first.json().path("id").asText();
        assertThat(first.location()).isEqualTo("/api/v1/replays/" + id);
        assertThat(first.json().path("state").asText()).isEqualTo("pending");

        Http.Response overlapping = start(replay("billing", "v1", "plan:enterprise", START.minusSeconds(300), null));
        assertProblem(overlapping, 409, "overlapping-replay");
        assertThat(overlapping.json().path("conflictingReplay").asText()).isEqualTo(id);
        Http.Response sameDimensionOther = start(replay("billing", "v1", "customer:globex", START.minusSeconds(300), null));
        assertThat(sameDimensionOther.status()).as(sameDimensionOther.json().toString()).isEqualTo(202);

        Http.Response cancelled = http.delete("/api/v1/replays/" + id, OPERATOR);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().path("state").asText()).isEqualTo("cancelled");
        assertThat(cancelled.json().path("cancelRequested").asBoolean()).isTrue();
        StringWriter text = new StringWriter();
        assertThat(RewindCli.run(new PrintWriter(text, true), new PrintWriter(new StringWriter(), true),
                "replay", "status", id, "--server", server.url(), "--token", VIEWER))
                .as("a cancelled replay exits with 1").isEqualTo(1);
        assertThat(text.toString()).contains("cancelled").contains("cancel requested");
        http.delete("/api/v1/replays/" + sameDimensionOther.json().path("id").asText(), OPERATOR);

        Http.Response afterCancel = start(replay("billing", "v1", "plan:enterprise", START.minusSeconds(300), null));
        assertThat(afterCancel.status()).as(afterCancel.json().toString()).isEqualTo(202);
        http.delete("/api/v1/replays/" + afterCancel.json().path("id").asText(), OPERATOR);
        assertProblem(http.delete("/api/v1/replays/" + id, OPERATOR), 409, "replay-finished");
    }

    @Test
    void anUnknownReplayIs404() {
        assertProblem(http.get("/api/v1/replays/no-such-replay", VIEWER), 404, "unknown-replay");
    }

    @Test
    void withoutATokenTheApiAnswers401WithAProblem() {
        Http.Response response = http.get("/api/v1/replays", null);

        assertProblem(response, 401, "unauthenticated");
        assertProblem(http.get("/api/v1/replays", "wrong-token"), 401, "unauthenticated");
    }

    @Test
    void aViewerMayReadButNotStartReplays() {
        assertThat(http.get("/api/v1/replays", VIEWER).status()).isEqualTo(200);

        Http.Response response = http.post("/api/v1/replays",
                replay("billing", "v1", "default", START.minusSeconds(60), null), VIEWER);

        assertProblem(response, 403, "forbidden");
        assertThat(response.json().path("detail").asText()).contains("victor").contains("operator");
        assertProblem(http.delete("/api/v1/replays/anything", VIEWER), 403, "forbidden");
    }

    @Test
    void theOpenApiDocumentIsServedWithoutAToken() {
        Http.Response response = http.get("/api/v1/openapi.json", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("openapi").asText()).startsWith("3.");
        assertThat(response.json().path("paths").has("/api/v1/replays/{id}")).isTrue();
    }

    @Test
    void progressWrittenByEngineInstancesIsAggregatedUntilCompleted(KafkaCluster cluster) throws Exception {
        Http.Response started = start(replay("orders", "v2", "project:apollo", START.minusSeconds(900), null));
        assertThat(started.status()).as(started.json().toString()).isEqualTo(202);
        String id = started.json().path("id").asText();
        TopicPartition p0 = new TopicPartition("orders", 0);
        TopicPartition p1 = new TopicPartition("orders", 1);

        try (KafkaProducer<String, Object> engine = engineProducer(cluster)) {
            Instant planned = Instant.now().minusSeconds(10);
            send(engine, ControlKey.plan(ReplayId.of(id), p0), plan(id, p0, 100, 300, planned));
            send(engine, ControlKey.plan(ReplayId.of(id), p1), plan(id, p1, 50, 50, planned));
            send(engine, ControlKey.progress(ReplayId.of(id), p1), progress(id, p1, 50, 0, ReplayPartitionState.COMPLETED, planned));
            send(engine, ControlKey.progress(ReplayId.of(id), p0),
                    progress(id, p0, 200, 7, ReplayPartitionState.RUNNING, planned.plusSeconds(10)));
            // the service reads the control topic asynchronously; the last record seen implies the others
            await().atMost(Duration.ofSeconds(60)).until(() -> partition(id, p0).path("position").asLong() == 200);

            JsonNode running = http.get("/api/v1/replays/" + id, VIEWER).json();
            assertThat(running.path("state").asText()).isEqualTo("running");
            assertThat(running.path("percent").asDouble()).isEqualTo(50.0);
            assertThat(running.path("etaSeconds").asLong()).isEqualTo(10);
            assertThat(running.path("partitions")).hasSize(2);
            assertThat(running.path("partitions").get(0).path("startOffset").asLong()).isEqualTo(100);
            assertThat(running.path("partitions").get(0).path("position").asLong()).isEqualTo(200);
            assertThat(running.path("partitions").get(0).path("endOffset").asLong()).isEqualTo(300);
            assertThat(http.get("/api/v1/replays?component=orders&state=running", VIEWER).json()
                    .path("replays").findValuesAsText("id")).contains(id);

            send(engine, ControlKey.progress(ReplayId.of(id), p0),
                    progress(id, p0, 300, 12, ReplayPartitionState.COMPLETED, planned.plusSeconds(20)));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> partition(id, p0).path("state").asText().equals("completed"));

        JsonNode completed = http.get("/api/v1/replays/" + id, VIEWER).json();
        assertThat(completed.path("state").asText()).isEqualTo("completed");
        assertThat(completed.path("percent").asDouble()).isEqualTo(100.0);
        assertThat(completed.path("reprocessed").asLong()).isEqualTo(12);
        assertThat(http.get("/api/v1/replays?state=completed", VIEWER).json().path("replays")
                .findValuesAsText("id")).contains(id);

        StringWriter out = new StringWriter();
        int code = RewindCli.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                "replay", "status", id, "--wait", "--server", server.url(), "--token", VIEWER, "--output", "json");
        assertThat(code).isZero();
        assertThat(Json.mapper().readTree(out.toString()).path("state").asText()).isEqualTo("completed");
        StringWriter text = new StringWriter();
        assertThat(RewindCli.run(new PrintWriter(text, true), new PrintWriter(new StringWriter(), true),
                "replay", "status", id, "--wait", "--server", server.url(), "--token", VIEWER)).isZero();
        assertThat(text.toString()).contains("[" + "#".repeat(30) + "] 100.0%").contains("orders-0")
                .contains("completed");
    }

    @Test
    void aDryRunShowsWhatTheEngineFoundOnceItsResultIsWritten(KafkaCluster cluster) throws Exception {
        Map<String, Object> body = replay("billing", "v1", "customer:dry", START.minusSeconds(300), null);
        body.put("dryRun", true);
        Http.Response started = start(body);
        assertThat(started.status()).as(started.json().toString()).isEqualTo(202);
        String id = started.json().path("id").asText();
        assertThat(started.json().path("dryRun").asBoolean()).isTrue();

        try (KafkaProducer<String, Object> engine = engineProducer(cluster)) {
            send(engine, ControlKey.dryRun(ReplayId.of(id)), DryRunResult.newBuilder().setReplayId(id).setComponent("billing")
                    .setVersion("v1").setSelector("customer:dry").setFrom(START.minusSeconds(300)).setTo(START)
                    .setEvents(12).setSame(9).setChanged(2).setAdded(1).setMissing(0).setErrored(0)
                    .setSample(List.of(DryRunDifference.newBuilder().setEventId("ev-3")
                            .setKind(DryRunDifferenceKind.CHANGED).setTopic("billing-out").setKey("acct-1")
                            .setExpected("{\"total\":10}").setActual("{\"total\":12}").build()))
                    .setState(DryRunState.COMPLETED).setCompletedAt(Instant.now()).setInstanceId("test-engine")
                    .build());
        }
        await().atMost(Duration.ofSeconds(60)).until(() ->
                http.get("/api/v1/replays/" + id, VIEWER).json().path("state").asText().equals("completed"));

        JsonNode result = http.get("/api/v1/replays/" + id, VIEWER).json().path("dryRunResult");
        assertThat(result.path("same").asLong()).isEqualTo(9);
        assertThat(result.path("changed").asLong()).isEqualTo(2);
        assertThat(result.path("added").asLong()).isEqualTo(1);
        assertThat(result.path("sample").get(0).path("kind").asText()).isEqualTo("changed");
        assertThat(result.path("sample").get(0).path("actual").asText()).isEqualTo("{\"total\":12}");
        try (RouteLog routes = RouteLog.start(RouteLog.Options.of(cluster.clientConfig()))) {
            assertThat(routes.awaitHorizonAfter(Instant.now(), Duration.ofSeconds(60))).isTrue();
            assertThat(routes.history().owner("billing", Cohort.ofCustomer("dry"), START.minusSeconds(200)))
                    .as("a dry run publishes no route override").isEmpty();
        }
    }

    @Test
    void aReplayOntoAVersionThatDidNotOwnTheCohortMovesTheWindowToIt(KafkaCluster cluster) throws Exception {
        Instant from = START.minusSeconds(1200);
        Http.Response started = start(replay("orders", "v2", "customer:initech", from, START.minusSeconds(600)));
        assertThat(started.status()).as(started.json().toString()).isEqualTo(202);

        try (RouteLog routes = RouteLog.start(RouteLog.Options.of(cluster.clientConfig()))) {
            assertThat(routes.awaitHorizonAfter(Instant.now(), Duration.ofSeconds(60))).isTrue();
            assertThat(routes.history().owner("orders", Cohort.ofCustomer("initech"), from.plusSeconds(1)))
                    .contains(new ComponentVersion("orders", "v2"));
            assertThat(routes.history().owner("orders", Cohort.ofCustomer("initech"), START.minusSeconds(1)))
                    .isEmpty();
        }
        JsonNode audit = http.get("/api/v1/audit?component=orders", VIEWER).json().path("entries");
        List<String> overrides = new ArrayList<>();
        audit.forEach(e -> {
            if (e.path("action").asText().equals("route-overridden")) {
                overrides.add(e.path("subject").asText() + " " + e.path("details").path("replayId").asText());
            }
        });
        assertThat(overrides).contains("customer:initech " + started.json().path("id").asText());
        http.delete("/api/v1/replays/" + started.json().path("id").asText(), OPERATOR);
    }

    @Test
    void everyReplayStartAndCancelIsAuditedWithWhoAndWhy() {
        Http.Response started = start(replay("billing", "v1", "project:audit-me", START.minusSeconds(60), null));
        String id = started.json().path("id").asText();
        http.delete("/api/v1/replays/" + id + "?reason=wrong%20window", OPERATOR);

        JsonNode entries = http.get("/api/v1/audit?component=billing", VIEWER).json().path("entries");

        List<String> lines = new ArrayList<>();
        entries.forEach(e -> lines.add(e.path("action").asText() + " " + e.path("subject").asText() + " "
                + e.path("author").asText() + " " + e.path("reason").asText()));
        assertThat(lines).contains("replay-started " + id + " olga bug 42 in rounding",
                "replay-cancelled " + id + " olga wrong window");
    }

    @Test
    void theCliPrintsJsonAndExitsWith1WhenTheServiceRefuses() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = RewindCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "replay", "start",
                "-c", "billing", "-v", "v0", "--cohort", "default", "--last", "PT5M", "--reason", "test",
                "--server", server.url(), "--token", OPERATOR, "--output", "json");

        assertThat(code).isEqualTo(1);
        assertThat(Json.mapper().readTree(out.toString()).path("type").asText())
                .isEqualTo("https://rewind.dev/problems/no-running-instance");
        assertThat(err.toString()).contains("billing.v0");

        StringWriter list = new StringWriter();
        assertThat(RewindCli.run(new PrintWriter(list, true), new PrintWriter(new StringWriter(), true),
                "replay", "list", "--server", server.url(), "--token", VIEWER, "-o", "json")).isZero();
        assertThat(Json.mapper().readTree(list.toString()).path("replays").isArray()).isTrue();
    }

    private static KafkaProducer<String, Object> engineProducer(KafkaCluster cluster) {
        Map<String, Object> config = cluster.clientConfig();
        AvroSerializer serializer = new AvroSerializer();
        serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, REGISTRY,
                AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY_CONFIG, TopicRecordNameStrategy.class.getName()), false);
        return new KafkaProducer<>(config, new StringSerializer(), serializer);
    }

    private static void send(KafkaProducer<String, Object> producer, String key, Object value) throws Exception {
        producer.send(new ProducerRecord<>(ControlTopic.TOPIC, 0, key, value)).get();
    }

    /** One partition of a replay as the service shows it; missing node when not listed. */
    private static JsonNode partition(String id, TopicPartition tp) {
        for (JsonNode p : http.get("/api/v1/replays/" + id, VIEWER).json().path("partitions")) {
            if (p.path("topic").asText().equals(tp.topic()) && p.path("partition").asInt() == tp.partition()) {
                return p;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static ReplayPartitionPlan plan(String id, TopicPartition tp, long start, long end, Instant at) {
        return ReplayPartitionPlan.newBuilder().setReplayId(id).setComponent("orders").setVersion("v2")
                .setTopic(tp.topic()).setPartition(tp.partition()).setStartOffset(start).setEndOffset(end)
                .setCreatedAt(at).build();
    }

    private static ReplayProgress progress(String id, TopicPartition tp, long position, long reprocessed,
            ReplayPartitionState state, Instant at) {
        return ReplayProgress.newBuilder().setReplayId(id).setComponent("orders").setVersion("v2")
                .setTopic(tp.topic()).setPartition(tp.partition()).setPosition(position).setReprocessed(reprocessed)
                .setSkipped(3).setErrored(0).setState(state).setUpdatedAt(at).setInstanceId("test-engine").build();
    }
}
