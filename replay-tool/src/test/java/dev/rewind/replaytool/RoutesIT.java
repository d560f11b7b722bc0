package dev.rewind.replaytool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.replaytool.access.AccessTokens;
import dev.rewind.cli.RewindCli;
import dev.rewind.api.Json;
import dev.rewind.replaytool.testing.Http;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Routes and channels through rewind.routes, their audit, access, and the CLI's route commands. */
@ExtendWith(KafkaClusterExtension.class)
class RoutesIT {

    private static final String OPERATOR = "route-op";
    private static final String VIEWER = "route-viewer";

    private static ReplayToolServer server;
    private static Http http;

    @BeforeAll
    static void startService(KafkaCluster cluster) {
        server = ReplayToolServer.start(ReplayToolServer.Options.builder(cluster.bootstrapServers(), "mock://routes-it")
                .tokens(AccessTokens.parse(OPERATOR + "=rita:operator\n" + VIEWER + "=vic:viewer")).build());
        http = new Http(server.url());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String cli(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", server.url(), "--token", OPERATOR));
        int code = RewindCli.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        assertThat(code).as(err.toString()).isEqualTo(expectedExit);
        return out.toString();
    }

    @Test
    void aRouteSetThroughTheApiIsOnTheRouteTopicAndListedWithWhoAndWhy(KafkaCluster cluster) throws Exception {
        Instant before = Instant.now();
        Http.Response set = http.put("/api/v1/components/shop/routes/customer:acme",
                Map.of("target", "v2", "reason", "acme needs the new pricing"), OPERATOR);

        assertThat(set.status()).as(set.json().toString()).isEqualTo(200);
        assertThat(set.json().path("targetKind").asText()).isEqualTo("version");
        Instant effective = Instant.parse(set.json().path("effectiveFrom").asText());
        assertThat(effective).isAfterOrEqualTo(before.plusSeconds(10));
        JsonNode listed = http.get("/api/v1/components/shop/routes", VIEWER).json().path("routes");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("selector").asText()).isEqualTo("customer:acme");
        assertThat(listed.get(0).path("target").asText()).isEqualTo("v2");
        assertThat(listed.get(0).path("author").asText()).isEqualTo("rita");
        assertThat(listed.get(0).path("reason").asText()).isEqualTo("acme needs the new pricing");
        assertThat(http.get("/api/v1/components/shop/routes/customer%3Aacme", VIEWER).json().path("changeId").asText())
                .isEqualTo(set.json().path("changeId").asText());

        // an independent reader of rewind.routes decides ownership from the published change
        try (RouteLog routes = RouteLog.start(RouteLog.Options.of(cluster.clientConfig()))) {
            assertThat(routes.awaitHorizonAfter(Instant.now(), Duration.ofSeconds(60))).isTrue();
            assertThat(routes.history().owner("shop", Cohort.ofCustomer("acme"), effective))
                    .contains(new ComponentVersion("shop", "v2"));
            // shop's first route: an older event is owned as at the route (the event-time rule, RouteHistory.ownershipTime)
            assertThat(routes.history().ownershipTime("shop", effective.minusMillis(1))).isEqualTo(effective);
            assertThat(routes.history().owner("shop", Cohort.ofCustomer("bob"), effective)).isEmpty();
        }
    }

    @Test
    void aRouteToAChannelFollowsTheChannelAndCanBeRemoved() {
        Http.Response channel = http.put("/api/v1/components/cart/channels/stable",
                Map.of("version", "v1", "reason", "first release"), OPERATOR);
        assertThat(channel.status()).as(channel.json().toString()).isEqualTo(200);
        Http.Response route = http.put("/api/v1/components/cart/routes/default",
                Map.of("target", "stable", "reason", "everyone on stable"), OPERATOR);
        assertThat(route.json().path("targetKind").asText()).isEqualTo("channel");
        assertThat(http.get("/api/v1/components/cart/channels", VIEWER).json().path("channels").get(0)
                .path("version").asText()).isEqualTo("v1");

        Http.Response unset = http.delete("/api/v1/components/cart/routes/default?reason=decommissioned", OPERATOR);

        assertThat(unset.status()).as(unset.json().toString()).isEqualTo(200);
        Http.Response gone = http.get("/api/v1/components/cart/routes/default", VIEWER);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.problem()).isEqualTo("unknown-route");
        JsonNode audit = http.get("/api/v1/audit?component=cart", VIEWER).json().path("entries");
        assertThat(audit.findValuesAsText("action")).containsExactly("route-unset", "route-set", "channel-set");
        assertThat(audit.findValuesAsText("author")).containsOnly("rita");
    }

    @Test
    void aRouteChangeEffectiveBeforeNowPlusTheMarginIs422() {
        Http.Response response = http.put("/api/v1/components/shop/routes/plan:free",
                Map.of("target", "v1", "reason", "now!", "effectiveFrom", Instant.now().toString()), OPERATOR);

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.problem()).isEqualTo("route-too-early");
        assertThat(response.json().path("earliestAllowed").asText()).isNotBlank();
    }

    @Test
    void invalidRouteRequestsAreProblems() {
        assertThat(http.put("/api/v1/components/shop/routes/tenant:x", Map.of("target", "v1", "reason", "r"), OPERATOR)
                .problem()).isEqualTo("invalid-value");
        assertThat(http.put("/api/v1/components/shop/routes/default", Map.of("target", "v1"), OPERATOR).problem())
                .isEqualTo("invalid-value");
        assertThat(http.delete("/api/v1/components/shop/routes/project:none?reason=x", OPERATOR).status()).isEqualTo(404);
        Http.Response deleteChannel = http.delete("/api/v1/components/shop/channels/stable", OPERATOR);
        assertThat(deleteChannel.status()).isEqualTo(405);
        assertThat(deleteChannel.problem()).isEqualTo("method-not-allowed");
    }

    @Test
    void aViewerCannotChangeRoutes() {
        Http.Response response = http.put("/api/v1/components/shop/routes/default",
                Map.of("target", "v1", "reason", "r"), VIEWER);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.problem()).isEqualTo("forbidden");
    }

    @Test
    void theCliSetsAndListsRoutesAndChannels() throws Exception {
        cli(0, "channels", "set", "books", "beta", "v3", "--reason", "trial");
        cli(0, "routes", "set", "books", "plan:pro", "--channel", "beta", "--reason", "pro users try v3");
        cli(0, "routes", "set", "books", "customer:initech", "--version", "v2", "--reason", "pinned");

        JsonNode routes = Json.mapper().readTree(cli(0, "routes", "list", "books", "-o", "json")).path("routes");
        assertThat(routes.findValuesAsText("selector")).containsExactly("customer:initech", "plan:pro");
        assertThat(cli(0, "channels", "list", "books")).contains("beta").contains("v3").contains("trial");
        assertThat(cli(0, "routes", "unset", "books", "customer:initech", "--reason", "unpinned"))
                .contains("removed");
        assertThat(Json.mapper().readTree(cli(0, "routes", "list", "books", "-o", "json")).path("routes")
                .findValuesAsText("selector")).containsExactly("plan:pro");
        cli(1, "routes", "unset", "books", "customer:nobody", "--reason", "x");
    }

    @Test
    void aRampStepSetThroughTheCliAndTheApiSendsTheHashedShareOfCustomersToTheRampVersion(KafkaCluster cluster)
            throws Exception {
        String set = cli(0, "routes", "set", "ledger", "plan:enterprise", "--version", "v1", "--ramp-to", "v2",
                "--ramp-percent", "12.5", "--reason", "first step of v2");
        assertThat(set).contains("v1 (version), 12.5% of customer -> v2");
        JsonNode listed = Json.mapper().readTree(cli(0, "routes", "list", "ledger", "-o", "json")).path("routes");
        assertThat(listed.get(0).path("ramp").path("percent").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(listed.get(0).path("ramp").path("dimension").asText()).isEqualTo("customer");
        assertThat(cli(0, "routes", "list", "ledger")).contains("12.5% of customer -> v2");

        Http.Response step = http.put("/api/v1/components/ledger/routes/plan:enterprise", Map.of("target", "v1",
                "ramp", Map.of("percent", 50, "target", "v2"), "reason", "second step"), OPERATOR);
        assertThat(step.status()).as(step.json().toString()).isEqualTo(200);
        Instant effective = Instant.parse(step.json().path("effectiveFrom").asText());
        assertThat(http.get("/api/v1/audit?component=ledger", VIEWER).json().path("entries").get(0).toString())
                .contains("50% of customer values to version v2");

        try (RouteLog routes = RouteLog.start(RouteLog.Options.of(cluster.clientConfig()))) {
            assertThat(routes.awaitHorizonAfter(Instant.now(), Duration.ofSeconds(60))).isTrue();
            for (int i = 0; i < 200; i++) {
                String customer = "customer-" + i;
                String expected = dev.rewind.protocol.Ramp.bucket(customer) < 5000 ? "v2" : "v1";
                assertThat(routes.history().owner("ledger", Cohort.of(customer, "enterprise", null), effective))
                        .as(customer).contains(new ComponentVersion("ledger", expected));
            }
            assertThat(routes.history().owner("ledger", Cohort.ofPlan("enterprise"), effective))
                    .as("no customer: the route's own target").contains(new ComponentVersion("ledger", "v1"));
        }
    }

    @Test
    void invalidRampsAreProblemsNamingTheField() {
        Http.Response tooMuch = http.put("/api/v1/components/ledger/routes/default", Map.of("target", "v1",
                "ramp", Map.of("percent", 150, "target", "v2"), "reason", "r"), OPERATOR);
        assertThat(tooMuch.status()).isEqualTo(422);
        assertThat(tooMuch.problem()).isEqualTo("invalid-value");
        assertThat(tooMuch.json().path("detail").asText()).contains("'ramp'").contains("150");

        Http.Response team = http.put("/api/v1/components/ledger/routes/default", Map.of("target", "v1",
                "ramp", Map.of("percent", 5, "target", "v2", "dimension", "team"), "reason", "r"), OPERATOR);
        assertThat(team.json().path("detail").asText()).contains("'team'");

        Http.Response noTarget = http.put("/api/v1/components/ledger/routes/default", Map.of("target", "v1",
                "ramp", Map.of("percent", 5), "reason", "r"), OPERATOR);
        assertThat(noTarget.status()).isEqualTo(400);
        assertThat(noTarget.json().path("detail").asText()).contains("'ramp.target'");
        cli(2, "routes", "set", "ledger", "default", "--version", "v1", "--ramp-percent", "5", "--reason", "r");
    }

    @Test
    void aServiceWithoutTokensIsOpen(KafkaCluster cluster) {
        try (ReplayToolServer open = ReplayToolServer.start(
                ReplayToolServer.Options.of(cluster.bootstrapServers(), "mock://routes-it"))) {
            Http.Response response = new Http(open.url()).put("/api/v1/components/open-shop/routes/default",
                    Map.of("target", "v1", "reason", "open stack"), null);

            assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
            assertThat(new Http(open.url()).get("/api/v1/audit?component=open-shop", null).json()
                    .path("entries").get(0).path("author").asText()).isEqualTo("anonymous");
        }
    }
}
