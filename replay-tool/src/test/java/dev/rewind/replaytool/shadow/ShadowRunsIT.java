package dev.rewind.replaytool.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.api.shadows.ShadowComparison;
import dev.rewind.api.shadows.ShadowRunReport;
import dev.rewind.api.shadows.ShadowRunState;
import dev.rewind.api.shadows.ShadowRunView;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.replaytool.Rejection;
import dev.rewind.replaytool.ReplayToolServer;
import dev.rewind.replaytool.access.AccessTokens;
import dev.rewind.replaytool.access.Caller;
import dev.rewind.replaytool.access.Role;
import dev.rewind.replaytool.audit.AuditLog;
import dev.rewind.replaytool.audit.AuditRecord;
import dev.rewind.replaytool.testing.Http;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Shadow runs as the service keeps them: reports, stop requests, problems, and one audit entry per run. */
@ExtendWith(KafkaClusterExtension.class)
class ShadowRunsIT {

    private static final String OPERATOR = "shadow-op";
    private static final String VIEWER = "shadow-viewer";

    private static ReplayToolServer server;
    private static Http http;

    @BeforeAll
    static void startService(KafkaCluster cluster) {
        server = ReplayToolServer.start(ReplayToolServer.Options.builder(cluster.bootstrapServers(), "mock://shadow-it")
                .tokens(AccessTokens.parse(OPERATOR + "=dana:operator\n" + VIEWER + "=vic:viewer")).build());
        http = new Http(server.url());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, Object> report(String state, long changed) {
        Map<String, Object> comparison = new HashMap<>();
        comparison.put("events", 10 + changed);
        comparison.put("compared", 8 + changed);
        comparison.put("same", 5);
        comparison.put("changed", changed);
        comparison.put("owners", Map.of("v1", 8 + changed));
        comparison.put("sample", List.of(Map.of("eventId", "e1", "kind", "changed", "topic", "release.decisions",
                "key", "acme-web", "expected", "{\"action\": \"HOLD\"}", "actual", "{\"action\": \"RELEASE\"}")));
        Map<String, Object> body = new HashMap<>();
        body.put("component", "release-coordinator");
        body.put("version", "v2");
        body.put("cohort", "plan:enterprise");
        body.put("from", "2026-11-30T10:00:00Z");
        body.put("startedAt", "2026-11-30T10:00:01Z");
        body.put("stateFrom", "v1");
        body.put("state", state);
        body.put("host", "dana@laptop");
        body.put("reason", "does v2 fix enterprise?");
        body.put("comparison", comparison);
        return body;
    }

    private static List<JsonNode> auditOf(String subject) {
        List<JsonNode> entries = new ArrayList<>();
        http.get("/api/v1/audit?limit=10000", VIEWER).json().path("entries").forEach(e -> {
            if (e.path("subject").asText().equals(subject)) {
                entries.add(e);
            }
        });
        return entries;
    }

    @Test
    void stoppingARunLeavesExactlyOneAuditEntryWithWhatItFound() {
        String id = UUID.randomUUID().toString();
        for (long changed = 0; changed < 3; changed++) {
            Http.Response running = http.put("/api/v1/shadows/" + id, report("running", changed), OPERATOR);
            assertThat(running.status()).as(running.json().toString()).isEqualTo(200);
            assertThat(running.json().path("stopRequested").asBoolean()).isFalse();
        }
        assertThat(auditOf(id)).as("nothing is audited while it runs").isEmpty();
        JsonNode shown = http.get("/api/v1/shadows/" + id, VIEWER).json();
        assertThat(shown.path("startedBy").asText()).isEqualTo("dana");
        assertThat(shown.at("/comparison/changed").asLong()).isEqualTo(2);
        assertThat(http.get("/api/v1/shadows?component=release-coordinator&state=running", VIEWER).json()
                .path("shadowRuns")).anySatisfy(r -> assertThat(r.path("id").asText()).isEqualTo(id));

        assertThat(http.delete("/api/v1/shadows/" + id, VIEWER).status()).as("a viewer cannot stop it").isEqualTo(403);
        Http.Response stop = http.delete("/api/v1/shadows/" + id, OPERATOR);
        assertThat(stop.status()).isEqualTo(202);
        assertThat(stop.json().path("stopRequestedBy").asText()).isEqualTo("dana");
        Http.Response told = http.put("/api/v1/shadows/" + id, report("running", 3), OPERATOR);
        assertThat(told.json().path("stopRequested").asBoolean()).as("the runner learns it on its next report").isTrue();
        Http.Response stopped = http.put("/api/v1/shadows/" + id, report("stopped", 4), OPERATOR);
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.json().path("state").asText()).isEqualTo("stopped");
        Http.Response again = http.put("/api/v1/shadows/" + id, report("stopped", 4), OPERATOR);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problem()).isEqualTo("shadow-run-finished");
        assertThat(http.delete("/api/v1/shadows/" + id, OPERATOR).problem()).isEqualTo("shadow-run-finished");

        assertThat(auditOf(id)).singleElement().satisfies(entry -> {
            assertThat(entry.path("id").asText()).isEqualTo(stopped.json().path("auditEntryId").asText());
            assertThat(entry.path("action").asText()).isEqualTo("shadow-run");
            assertThat(entry.path("author").asText()).isEqualTo("dana");
            assertThat(entry.path("reason").asText()).isEqualTo("does v2 fix enterprise?");
            assertThat(entry.at("/details/state").asText()).isEqualTo("stopped");
            assertThat(entry.at("/details/changed").asText()).isEqualTo("4");
            assertThat(entry.at("/details/stopRequestedBy").asText()).isEqualTo("dana");
            assertThat(entry.at("/details/cohort").asText()).isEqualTo("plan:enterprise");
        });
    }

    @Test
    void badReportsAreProblemsNamingTheField() {
        Http.Response badId = http.put("/api/v1/shadows/not-a-uuid", report("running", 0), OPERATOR);
        assertThat(badId.status()).isEqualTo(422);
        assertThat(badId.json().path("detail").asText()).contains("UUID").contains("not-a-uuid");
        Map<String, Object> badCohort = report("running", 0);
        badCohort.put("cohort", "tier:gold");
        Http.Response cohort = http.put("/api/v1/shadows/" + UUID.randomUUID(), badCohort, OPERATOR);
        assertThat(cohort.status()).isEqualTo(422);
        assertThat(cohort.json().path("detail").asText()).contains("'cohort'").contains("tier:gold");
        Http.Response expired = http.put("/api/v1/shadows/" + UUID.randomUUID(), report("expired", 0), OPERATOR);
        assertThat(expired.status()).isEqualTo(422);
        Map<String, Object> noComponent = report("running", 0);
        noComponent.remove("component");
        assertThat(http.put("/api/v1/shadows/" + UUID.randomUUID(), noComponent, OPERATOR).problem())
                .isEqualTo("bad-request");
        Http.Response unknown = http.get("/api/v1/shadows/" + UUID.randomUUID(), VIEWER);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.problem()).isEqualTo("unknown-shadow-run");
        assertThat(http.put("/api/v1/shadows/" + UUID.randomUUID(), report("running", 0), VIEWER).status())
                .as("a viewer cannot run one").isEqualTo(403);
    }

    @Test
    void aRunThatStopsReportingExpiresWithOneAuditEntry(KafkaCluster cluster) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
        Map<String, Object> client = Map.of("bootstrap.servers", cluster.bootstrapServers());
        try (Admin admin = Admin.create(client);
             AuditLog audit = AuditLog.start(admin, new HashMap<>(client), "mock://shadow-expiry", clock);
             ShadowRuns runs = new ShadowRuns(audit, clock, Duration.ofSeconds(30))) {
            String id = UUID.randomUUID().toString();
            Caller dana = new Caller("dana", Role.OPERATOR);
            runs.report(id, new ShadowRunReport("release-coordinator", "v2", "customer:acme", clock.instant(),
                    clock.instant(), "v1", ShadowRunState.RUNNING, "dana@laptop", null, null,
                    ShadowComparison.empty()), dana);
            clock.advance(Duration.ofSeconds(30));
            runs.sweep();
            assertThat(runs.get(id).state()).as("within the lease").isEqualTo(ShadowRunState.RUNNING);

            clock.advance(Duration.ofSeconds(1));
            runs.sweep();
            runs.sweep();

            ShadowRunView expired = runs.get(id);
            assertThat(expired.state()).isEqualTo(ShadowRunState.EXPIRED);
            assertThat(expired.message()).contains("no report since");
            List<AuditRecord> entries = audit.entries("release-coordinator", 1000).stream()
                    .filter(e -> e.subject().equals(id)).toList();
            assertThat(entries).singleElement().satisfies(e -> {
                assertThat(e.action()).isEqualTo("shadow-run");
                assertThat(e.details()).containsEntry("state", "expired").containsEntry("startedBy", "dana");
                assertThat(e.reason()).isEqualTo("shadow run");
                assertThat(e.id()).isEqualTo(expired.auditEntryId());
            });
            Assertions.assertThatThrownBy(() -> runs.report(id, new ShadowRunReport("release-coordinator", "v2",
                            "customer:acme", clock.instant(), clock.instant(), "v1", ShadowRunState.RUNNING, null,
                            null, null, null), dana))
                    .isInstanceOfSatisfying(Rejection.Conflict.class, c -> assertThat(c.reason())
                            .isEqualTo(Rejection.Conflict.Reason.SHADOW_RUN_FINISHED));
        }
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
