package dev.rewind.replaytool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.api.Json;
import dev.rewind.cli.RewindCli;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTarget;
import dev.rewind.engine.routing.RouteTiming;
import dev.rewind.examples.release.ReleaseDemo;
import dev.rewind.examples.release.ReleaseEvents;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.replaytool.testing.Closer;
import dev.rewind.replaytool.testing.HistoryServers;
import dev.rewind.replaytool.testing.Http;
import dev.rewind.replaytool.testing.Outcomes;
import dev.rewind.replaytool.testing.VersionRuntimes;
import dev.rewind.schemas.avro.Cohort;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.avro.OutcomeStatus;
import dev.rewind.schemas.serde.AvroSerializer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead-letter inspection and redrive on a real broker with the demo component: v1 fails on every
 * enterprise test report without failures (it divides by zero), so those events go to the DLQ. A
 * replay moves one enterprise customer onto v2 first; then a redrive of v1's enterprise dead letters
 * through v2, dry run first, leaves every failed event with exactly one ok outcome, skips (and
 * counts) the events the replay already fixed, and a second redrive finds nothing to do.
 */
@ExtendWith(KafkaClusterExtension.class)
class DlqRedriveIT {

    private static final Duration PATIENCE = Duration.ofSeconds(240);

    @RegisterExtension
    final Closer resources = new Closer();

    @Test
    void aRedriveOfV1sEnterpriseFailuresThroughV2LeavesEachWithOneOkOutcome(KafkaCluster cluster,
            @TempDir Path stateDir) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String component = "dlq-" + suffix;
        String source = "dlq-events-" + suffix;
        cluster.createTopic(source, 2, (short) 1);
        cluster.createTopic(ReleaseDemo.DECISIONS_TOPIC, 2, (short) 1);
        SchemaRegistryServer registry = push(SchemaRegistryServer.start(
                SchemaRegistryServer.Options.of(cluster.bootstrapServers())));
        try (RoutePublisher publisher = RoutePublisher.create(cluster.clientConfig(), RouteLog.Options.DEFAULT_TOPIC,
                RouteTiming.DEFAULTS, Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)))) {
            publisher.setRoute(component, CohortSelector.DEFAULT, RouteTarget.version(ReleaseDemo.BUGGY_VERSION), null,
                    "test", "v1 owns everything from an hour ago on");
        }
        VersionRuntimes.startDemo(cluster, registry.url(), stateDir, component, source, "-dlq-it", PATIENCE)
                .forEach(this::push);
        ReplayToolServer server = push(HistoryServers.start(cluster, registry.url(), source, "dlq-it-" + suffix,
                stateDir));
        Http http = new Http(server.url());

        Instant start = Instant.now();
        List<String> failing = produce(cluster, registry.url(), source, List.of("ent-a", "ent-b", "ent-x"),
                "enterprise", 1);
        produce(cluster, registry.url(), source, List.of("team-a"), "team", null);
        String dlq = "/api/v1/components/" + component + "/dlq";
        await().atMost(PATIENCE).until(() -> http.get(dlq + "?version=v1&cohort=plan:enterprise", null).json()
                .path("entries").size() == failing.size());
        JsonNode listed = http.get(dlq + "?version=v1&reason=processor_error&cohort=plan:enterprise", null).json();
        assertThat(listed.path("entries").findValuesAsText("eventId")).containsExactlyInAnyOrderElementsOf(failing);
        assertThat(http.get(dlq + "?cohort=plan:team", null).json().path("entries")).isEmpty();
        String first = listed.path("entries").get(0).path("id").asText();
        JsonNode detail = http.get(dlq + "/" + first, null).json();
        assertThat(detail.path("entry").path("cohort").path("plan").asText()).isEqualTo("enterprise");
        assertThat(detail.path("value").asText()).isNotBlank();
        assertThat(http.get(dlq + "/9-999", null).problem()).isEqualTo("unknown-dead-letter");
        assertThat(cli("dlq", "list", component, "--failed-version", "v1", "--server", server.url()))
                .contains("PROCESSOR_ERROR").contains("plan:enterprise");

        // a replay fixes ent-x's window on v2 first: the redrive must leave those events alone
        Http.Response replay = http.post("/api/v1/replays", Map.of("component", component, "version", "v2",
                "cohort", "customer:ent-x", "from", start.minusSeconds(60).toString(), "reason", "ent-x to v2"), null);
        assertThat(replay.status()).as(replay.json().toString()).isEqualTo(202);
        awaitFinished(http, replay.json().path("id").asText());
        List<String> fixedByReplay = failing.stream().filter(id -> id.startsWith("ent-x")).toList();
        for (String id : fixedByReplay) {
            await().atMost(PATIENCE).until(() -> latestStatus(http, id), "ok"::equalsIgnoreCase);
        }

        Map<String, Object> request = new HashMap<>(Map.of("version", "v2", "failedVersion", "v1",
                "cohort", "plan:enterprise", "reason", "v2 divides by the flaky count correctly", "dryRun", true));
        Http.Response dryRun = redrive(http, dlq, request);
        assertThat(dryRun.json().path("alreadyOk").asInt()).isEqualTo(fixedByReplay.size());
        JsonNode dryRunDone = awaitFinished(http, dryRun.json().path("id").asText());
        assertThat(dryRunDone.path("state").asText()).isEqualTo("completed");
        assertThat(dryRunDone.path("dryRunResult").isMissingNode() || dryRunDone.path("dryRunResult").isNull())
                .isFalse();

        request.put("dryRun", false);
        Http.Response redrive = redrive(http, dlq, request);
        String redriveId = redrive.json().path("id").asText();
        assertThat(redrive.json().path("matched").asInt()).isEqualTo(failing.size());
        assertThat(redrive.json().path("alreadyOk").asInt()).isEqualTo(fixedByReplay.size());
        assertThat(redrive.json().path("selected").asInt()).isEqualTo(failing.size() - fixedByReplay.size());
        JsonNode done = awaitFinished(http, redriveId);
        assertThat(done.path("state").asText()).isEqualTo("completed");
        assertThat(done.path("reprocessed").asInt()).isEqualTo(failing.size() - fixedByReplay.size());
        assertThat(done.path("errored").asInt()).isZero();

        List<Outcome> outcomes = Outcomes.of(cluster, registry.url(), component);
        for (String id : failing) {
            List<Outcome> ok = outcomes.stream().filter(o -> o.getEventId().equals(id))
                    .filter(o -> o.getStatus() == OutcomeStatus.OK).toList();
            assertThat(ok).as("ok outcomes of %s", id).hasSize(1);
            assertThat(ok.get(0).getVersion()).isEqualTo("v2");
            if (!fixedByReplay.contains(id)) {
                assertThat(ok.get(0).getReplayId()).as("redriven %s", id).isEqualTo(redriveId);
            }
        }
        assertThat(outcomes.stream().filter(o -> dryRun.json().path("id").asText().equals(o.getReplayId())))
                .as("the dry run committed nothing").isEmpty();

        for (String id : failing) {
            await().atMost(PATIENCE).until(() -> latestStatus(http, id), "ok"::equalsIgnoreCase);
        }
        Http.Response again = http.post(dlq + "/redrives", request, null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problem()).isEqualTo("nothing-to-redrive");
        assertThat(again.json().path("alreadyOk").asInt()).isEqualTo(failing.size());
    }

    /** Posts a redrive, retrying while v2 has not consumed past the dead letters' records yet. */
    private static Http.Response redrive(Http http, String dlq, Map<String, Object> request) {
        Http.Response[] last = new Http.Response[1];
        await().atMost(PATIENCE).until(() -> {
            last[0] = http.post(dlq + "/redrives", request, null);
            return !"version-behind".equals(last[0].problem());
        });
        assertThat(last[0].status()).as(last[0].json().toString()).isEqualTo(202);
        return last[0];
    }

    private static JsonNode awaitFinished(Http http, String id) {
        await().atMost(PATIENCE).until(() -> http.get("/api/v1/replays/" + id, null).json().path("state").asText(),
                state -> List.of("completed", "failed", "cancelled").contains(state));
        return http.get("/api/v1/replays/" + id, null).json();
    }

    /** The status of the event's latest processing in the history index, or "" while it has none. */
    private static String latestStatus(Http http, String eventId) {
        JsonNode processings = http.get("/api/v1/events/" + eventId, null).json().path("processings");
        String latest = "";
        String latestAt = "";
        for (JsonNode p : processings) {
            if (p.path("processedAt").asText().compareTo(latestAt) > 0) {
                latestAt = p.path("processedAt").asText();
                latest = p.path("status").asText();
            }
        }
        return latest;
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RewindCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    /**
     * Per customer and project: a commit, a successful build and a test report with no failures and
     * the given flaky count (enterprise tooling reports one; v1 then divides by zero). Returns the
     * ids of the test reports.
     */
    private static List<String> produce(KafkaCluster cluster, String registryUrl, String source,
            List<String> customers, String plan, Integer flaky) {
        AvroSerializer serializer = new AvroSerializer();
        serializer.configure(Map.of("schema.registry.url", registryUrl,
                "value.subject.name.strategy", "dev.rewind.schemas.serde.TopicRecordNameStrategy"), false);
        List<String> reports = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.clientConfig(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String customer : customers) {
                for (int p = 0; p < 2; p++) {
                    String project = customer + "-p" + p;
                    Cohort cohort = ReleaseEvents.cohort(customer, plan, project);
                    String sha = "sha-" + project;
                    String build = "build-" + project;
                    String report = project + "-tests";
                    reports.add(report);
                    for (SpecificRecord event : List.of(
                            ReleaseEvents.commitPushed(project + "-commit", cohort, ReleaseDemo.RELEASE_BRANCH, sha, "ada"),
                            ReleaseEvents.buildFinished(project + "-build", cohort, build, sha, true, 1000L),
                            ReleaseEvents.testsReported(report, cohort, build, 10, 0, 0, flaky))) {
                        producer.send(new ProducerRecord<>(source, project.getBytes(StandardCharsets.UTF_8),
                                serializer.serialize(source, event)));
                    }
                }
            }
            producer.flush();
        }
        return reports;
    }

    private <T extends AutoCloseable> T push(T resource) {
        return resources.push(resource);
    }
}
