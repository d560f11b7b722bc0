package dev.rewind.replaytool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTarget;
import dev.rewind.engine.routing.RouteTiming;
import dev.rewind.examples.release.ReleaseCoordinator;
import dev.rewind.examples.release.ReleaseDemo;
import dev.rewind.examples.release.ReleaseEvents;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.protocol.Ramp;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.replaytool.history.HistoryConfig;
import dev.rewind.replaytool.testing.Closer;
import dev.rewind.replaytool.testing.Http;
import dev.rewind.replaytool.testing.Outcomes;
import dev.rewind.replaytool.testing.VersionRuntimes;
import dev.rewind.schemas.avro.Cohort;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.avro.OutcomeStatus;
import dev.rewind.schemas.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarded rollouts on a real broker with the demo component, live traffic flowing throughout: {@code v1}
 * fails on every enterprise test report, so a rollout of {@code v1} onto {@code plan:enterprise} trips its
 * guard, routes the plan back to {@code v2} and replays the window onto it, after which every event
 * {@code v1} failed has an ok outcome of {@code v2}; a rollout of {@code v2} onto the same plan in two ramp
 * steps advances to 100%, across a restart of the service.
 */
@ExtendWith(KafkaClusterExtension.class)
class RolloutIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @RegisterExtension
    final Closer resources = new Closer();

    @Test
    void aRolloutOfV1OntoEnterpriseRollsItselfBackAndReplaysTheWindowOntoV2(KafkaCluster cluster,
            @TempDir Path stateDir) throws Exception {
        Stack stack = stack(cluster, stateDir, "rb", ReleaseDemo.FIXED_VERSION);
        Traffic traffic = push(new Traffic(cluster, stack.registry.url(), stack.source,
                List.of("ent-a", "ent-b"), List.of("team-a")));
        ReplayToolServer server = push(stack.server("rb"));
        Http http = new Http(server.url());

        Http.Response bad = http.post("/api/v1/rollouts", Map.of("component", stack.component, "cohort",
                "plan:enterprise", "version", "v1", "steps", List.of(50, 10, 100), "reason", "r"), null);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().path("detail").asText()).contains("'steps'").contains("[50, 10, 100]");
        Http.Response unknown = http.post("/api/v1/rollouts", Map.of("component", stack.component, "cohort",
                "plan:enterprise", "version", "v9", "reason", "r"), null);
        assertThat(unknown.problem()).isEqualTo("unknown-version");
        assertThat(unknown.json().path("detail").asText()).contains("'version' v9");

        Http.Response started = http.post("/api/v1/rollouts", Map.of("component", stack.component,
                "cohort", "plan:enterprise", "version", "v1", "window", "PT30S", "minSamples", 10,
                "marginPercent", 5, "reason", "try v1 on enterprise"), null);
        assertThat(started.status()).as(started.json().toString()).isEqualTo(201);
        String id = started.json().path("id").asText();
        assertThat(started.json().path("baseline").asText()).isEqualTo("v2");
        Http.Response overlapping = http.post("/api/v1/rollouts", Map.of("component", stack.component,
                "cohort", "customer:ent-a", "version", "v1", "baseline", "v2", "reason", "again"), null);
        assertThat(overlapping.problem()).isEqualTo("overlapping-rollout");

        JsonNode done = awaitState(http, id, Set.of("rolled-back", "completed", "aborted"));
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("rolled-back");
        assertThat(done.path("decisions").findValuesAsText("kind"))
                .containsSubsequence("started", "tripped", "replay-started", "rolled-back");
        JsonNode tripped = decision(done, "tripped");
        assertThat(tripped.path("versionErrors").asLong()).isPositive();
        assertThat(tripped.path("detail").asText()).contains("Guard tripped");
        String replayId = done.path("replayId").asText();
        assertThat(http.get("/api/v1/replays/" + replayId, null).json().path("state").asText())
                .isEqualTo("completed");
        assertThat(http.get("/api/v1/components/" + stack.component + "/routes/plan:enterprise", null).status())
                .as("the rollout's route is removed: the plan had none before").isEqualTo(404);
        traffic.close();

        List<Outcome> outcomes = Outcomes.of(cluster, stack.registry.url(), stack.component);
        Set<String> failedByV1 = outcomes.stream().filter(o -> o.getVersion().equals("v1"))
                .filter(o -> o.getStatus() == OutcomeStatus.ERROR).map(Outcome::getEventId)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(failedByV1).as("v1 failed enterprise events while it had them").isNotEmpty();
        for (String eventId : failedByV1) {
            assertThat(outcomes).as("ok outcome of v2 in replay %s for %s", replayId, eventId)
                    .anyMatch(o -> o.getEventId().equals(eventId) && o.getVersion().equals("v2")
                            && o.getStatus() == OutcomeStatus.OK && replayId.equals(o.getReplayId()));
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(latest(http, eventId))
                    .as("history of %s", eventId).isEqualTo("v2 ok"));
        }
        JsonNode audit = http.get("/api/v1/audit?component=" + stack.component, null).json().path("entries");
        assertThat(audit.findValuesAsText("action")).contains("rollout-started", "rollout-decided");
        String status = cli("rollout", "status", id, "--server", server.url());
        assertThat(status).contains("rolled-back").contains("tripped").contains("replay-started").contains(replayId);
        String list = cli("rollout", "list", "-c", stack.component, "--server", server.url());
        assertThat(list).contains(id).contains("rolled-back");
        System.out.println("rewind rollout status:\n" + status + "\nrewind rollout list:\n" + list);
    }

    private static String cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = dev.rewind.cli.RewindCli.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true),
                args);
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void aRolloutOfV2OntoEnterpriseAdvancesToTheWholePlanAcrossARestartOfTheService(KafkaCluster cluster,
            @TempDir Path stateDir) throws Exception {
        Stack stack = stack(cluster, stateDir, "adv", ReleaseDemo.BUGGY_VERSION);
        // customers on both sides of a 50% ramp, so each step has traffic on both versions
        List<String> customers = IntStream.range(0, 20).mapToObj(i -> "ent-" + i).toList();
        List<String> moved = customers.stream().filter(c -> Ramp.bucket(c) < 5000).limit(2).toList();
        List<String> stayed = customers.stream().filter(c -> Ramp.bucket(c) >= 5000).limit(2).toList();
        assertThat(moved).hasSize(2);
        assertThat(stayed).hasSize(2);
        List<String> enterprise = new ArrayList<>(moved);
        enterprise.addAll(stayed);
        push(new Traffic(cluster, stack.registry.url(), stack.source, enterprise, List.of("team-a")));
        ReplayToolServer first = stack.server("adv");
        Http http = new Http(first.url());

        Http.Response started = http.post("/api/v1/rollouts", Map.of("component", stack.component,
                "cohort", "plan:enterprise", "version", "v2", "steps", List.of(50, 100), "window", "PT5S",
                "minSamples", 5, "reason", "v2 fixes the flaky count"), null);
        assertThat(started.status()).as(started.json().toString()).isEqualTo(201);
        String id = started.json().path("id").asText();
        assertThat(started.json().path("baseline").asText()).isEqualTo("v1");
        JsonNode route = http.get("/api/v1/components/" + stack.component + "/routes/plan:enterprise", null).json();
        assertThat(route.path("ramp").path("percent").asInt()).isEqualTo(50);
        assertThat(route.path("ramp").path("target").asText()).isEqualTo("v2");

        await().atMost(PATIENCE).until(() -> http.get("/api/v1/rollouts/" + id, null).json()
                .path("guard").path("versionOutcomes").asLong() > 0);
        first.close();
        ReplayToolServer second = push(stack.server("adv"));
        Http again = new Http(second.url());
        assertThat(again.get("/api/v1/rollouts/" + id, null).json().path("decisions").findValuesAsText("kind"))
                .as("the restarted service reads the rollout back").startsWith("started");

        JsonNode done = awaitState(again, id, Set.of("rolled-back", "completed", "aborted"));
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.path("step").asInt()).isEqualTo(1);
        assertThat(done.path("decisions").findValuesAsText("kind")).containsSubsequence("started", "advanced",
                "completed");
        JsonNode finalRoute = again.get("/api/v1/components/" + stack.component + "/routes/plan:enterprise", null)
                .json();
        assertThat(finalRoute.path("target").asText()).isEqualTo("v2");
        assertThat(finalRoute.path("ramp").isNull() || finalRoute.path("ramp").isMissingNode()).isTrue();
        assertThat(again.post("/api/v1/rollouts/" + id + "/pause", Map.of("reason", "late"), null).problem())
                .isEqualTo("rollout-state");
        System.out.println("rewind rollout status:\n" + cli("rollout", "status", id, "--server", second.url()));
    }

    private static JsonNode decision(JsonNode rollout, String kind) {
        for (JsonNode d : rollout.path("decisions")) {
            if (d.path("kind").asText().equals(kind)) {
                return d;
            }
        }
        throw new AssertionError("no decision " + kind + " in " + rollout);
    }

    private static JsonNode awaitState(Http http, String id, Set<String> states) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> http.get("/api/v1/rollouts/" + id,
                null).json().path("state").asText(), states::contains);
        return http.get("/api/v1/rollouts/" + id, null).json();
    }

    /** The version and status of the event's latest processing in the history index. */
    private static String latest(Http http, String eventId) {
        String latest = "";
        String latestAt = "";
        for (JsonNode p : http.get("/api/v1/events/" + eventId, null).json().path("processings")) {
            if (p.path("processedAt").asText().compareTo(latestAt) > 0) {
                latestAt = p.path("processedAt").asText();
                latest = p.path("version").asText() + " " + p.path("status").asText().toLowerCase();
            }
        }
        return latest;
    }

    private Stack stack(KafkaCluster cluster, Path stateDir, String name, String owner) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String component = "rollout-" + name + "-" + suffix;
        String source = "rollout-events-" + suffix;
        cluster.createTopic(source, 2, (short) 1);
        try {
            cluster.createTopic(ReleaseDemo.DECISIONS_TOPIC, 2, (short) 1);
        } catch (IllegalStateException e) {
            // the other test of this class, on the same cluster, created it
            assertThat(e).hasMessageContaining("already exists");
        }
        SchemaRegistryServer registry = push(SchemaRegistryServer.start(
                SchemaRegistryServer.Options.of(cluster.bootstrapServers())));
        try (RoutePublisher publisher = RoutePublisher.create(cluster.clientConfig(), RouteLog.Options.DEFAULT_TOPIC,
                RouteTiming.DEFAULTS, Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)))) {
            publisher.setRoute(component, CohortSelector.DEFAULT, RouteTarget.version(owner), null, "test",
                    owner + " owns everything from an hour ago on");
        }
        for (String version : ReleaseDemo.VERSIONS) {
            push(VersionRuntimes.start(cluster, registry.url(), stateDir, component, source, version,
                    version + "-" + name, ReleaseCoordinator::new, PATIENCE));
        }
        return new Stack(cluster, registry, component, source, stateDir, suffix);
    }

    private record Stack(KafkaCluster cluster, SchemaRegistryServer registry, String component, String source,
            Path stateDir, String suffix) {

        ReplayToolServer server(String name) {
            return ReplayToolServer.start(ReplayToolServer.Options.builder(cluster.bootstrapServers(), registry.url())
                    .history(Map.of(HistoryConfig.SOURCE_TOPICS_CONFIG, source,
                            HistoryConfig.APPLICATION_ID_CONFIG, "rollout-it-" + name + "-" + suffix,
                            HistoryConfig.STATE_DIR_CONFIG, stateDir.resolve("history").toString(),
                            HistoryConfig.COMMIT_INTERVAL_MS_CONFIG, 200L)).build());
        }
    }

    /**
     * Live traffic until closed: every 300 ms, per customer, a new project's commit, successful build and
     * test report with no failures and one flaky test (v1 divides by zero on enterprise reports).
     */
    private static final class Traffic implements AutoCloseable {

        private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        private final KafkaProducer<byte[], byte[]> producer;
        private final AvroSerializer serializer = new AvroSerializer();
        private final AtomicInteger round = new AtomicInteger();

        Traffic(KafkaCluster cluster, String registryUrl, String source, List<String> enterprise, List<String> team) {
            serializer.configure(Map.of("schema.registry.url", registryUrl,
                    "value.subject.name.strategy", "dev.rewind.schemas.serde.TopicRecordNameStrategy"), false);
            producer = new KafkaProducer<>(cluster.clientConfig(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            executor.scheduleAtFixedRate(() -> {
                int n = round.incrementAndGet();
                enterprise.forEach(c -> send(source, c, "enterprise", n));
                team.forEach(c -> send(source, c, "team", n));
                producer.flush();
            }, 0, 300, TimeUnit.MILLISECONDS);
        }

        private void send(String source, String customer, String plan, int n) {
            String project = customer + "-p" + n;
            Cohort cohort = ReleaseEvents.cohort(customer, plan, project);
            String build = "build-" + project;
            for (SpecificRecord event : List.of(
                    ReleaseEvents.commitPushed(project + "-commit", cohort, ReleaseDemo.RELEASE_BRANCH, "sha-" + project,
                            "ada"),
                    ReleaseEvents.buildFinished(project + "-build", cohort, build, "sha-" + project, true, 1000L),
                    ReleaseEvents.testsReported(project + "-tests", cohort, build, 10, 0, 0, 1))) {
                producer.send(new ProducerRecord<>(source, project.getBytes(StandardCharsets.UTF_8),
                        serializer.serialize(source, event)));
            }
        }

        @Override
        public void close() throws InterruptedException {
            executor.shutdownNow();
            executor.awaitTermination(10, TimeUnit.SECONDS);
            producer.close(Duration.ofSeconds(10));
        }
    }

    private <T extends AutoCloseable> T push(T resource) {
        return resources.push(resource);
    }
}
