package dev.rewind.replaytool;

import dev.rewind.replaytool.testing.HistoryServers;
import dev.rewind.replaytool.testing.VersionRuntimes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.clients.acl.RewindAcls;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTarget;
import dev.rewind.engine.routing.RouteTiming;
import dev.rewind.engine.runtime.ComponentRuntime;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.kafka.junit.SecuredBy;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.replaytool.testing.Http;
import dev.rewind.registry.BasicAuthentication;
import dev.rewind.schemas.registry.RegistryAccess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay on a SASL_SSL cluster whose authorizer denies what no ACL allows: two version instances,
 * the replay service and its history index, each with its own principal and exactly the ACLs
 * {@link RewindAcls} documents for it; and what happens when one of those ACLs is missing.
 */
@ExtendWith(KafkaClusterExtension.class)
class SecuredReplayIT {

    private static final Duration PATIENCE = Duration.ofSeconds(180);

    /** Every process authenticates to the registry (HTTP basic); engines register their outcome schemas. */
    private static final Map<String, String> WRITER = Map.of("basic.auth.credentials.source", "USER_INFO",
            "basic.auth.user.info", "rewind:registry-secret");
    private static final Map<String, String> WRONG_PASSWORD = Map.of("basic.auth.credentials.source", "USER_INFO",
            "basic.auth.user.info", "rewind:not-the-password");

    private static SchemaRegistryServer registry;
    private final List<AutoCloseable> started = new ArrayList<>();

    @BeforeAll
    static void startRegistry(@SecuredBy(SecurityProtocol.SASL_SSL) KafkaCluster cluster,
            @TempDir Path usersDir) throws Exception {
        cluster.admin().createAcls(RewindAcls.registry("User:registry")).all().get();
        Map<String, String> client = new HashMap<>();
        cluster.clientConfigFor("registry").forEach((key, value) -> client.put(key, value.toString()));
        client.remove("bootstrap.servers");
        Path users = Files.writeString(usersDir.resolve("registry-users"), "rewind: registry-secret,writer\n");
        registry = SchemaRegistryServer.start(SchemaRegistryServer.Options.of(cluster.bootstrapServers())
                .withKafkaConfig(client).withAuthentication(BasicAuthentication.fromFile(users)));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @AfterEach
    void stopStarted() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @Test
    void aReplayAndTheHistoryWorkWithEachProcessHoldingOnlyItsDocumentedAcls(
            @SecuredBy(SecurityProtocol.SASL_SSL) KafkaCluster cluster, @TempDir Path dir) throws Exception {
        Names names = new Names();
        cluster.createTopic(names.source, 2, (short) 1);
        cluster.createTopic(names.output, 2, (short) 1);
        grant(cluster, RewindAcls.replayService("User:" + names.service, List.of(names.source)));
        grant(cluster, RewindAcls.historyIndex("User:" + names.history, names.applicationId, List.of(names.source)));
        for (String version : List.of("v1", "v2")) {
            grant(cluster, RewindAcls.versionInstance("User:" + names.engine(version), names.component, version,
                    List.of(names.source), List.of(names.output)));
        }
        routeEverythingToV1(cluster, names.component);

        ReplayToolServer server = startService(cluster, names, dir);
        for (String version : List.of("v1", "v2")) {
            started.add(VersionRuntimes.start(engineClient(cluster, names.engine(version), WRITER), registry.url(), dir,
                    names.component, names.source, version, version + "-1",
                    ReplayEndToEndIT.processor(names.output, version), PATIENCE));
        }
        Instant eventTime = Instant.now().minusSeconds(120);
        ReplayEndToEndIT.produce(cluster, registryConfig(WRITER), names.source, eventTime, "acme", 10);
        ReplayEndToEndIT.produce(cluster, registryConfig(WRITER), names.source, eventTime, "globex", 10);
        await().atMost(PATIENCE).until(() -> ReplayEndToEndIT.readCommitted(cluster, names.output).size() == 20);

        Http http = new Http(server.url());
        Http.Response replay = http.post("/api/v1/replays", Map.of("component", names.component, "version", "v2",
                "cohort", "customer:acme", "from", eventTime.minusSeconds(60).toString(),
                "reason", "v1 got acme wrong"), null);
        assertThat(replay.status()).as(replay.json().toString()).isEqualTo(202);
        String id = replay.json().path("id").asText();
        await().atMost(PATIENCE).until(() -> http.get("/api/v1/replays/" + id, null).json().path("state").asText(),
                state -> state.equals("completed") || state.equals("failed"));
        JsonNode done = http.get("/api/v1/replays/" + id, null).json();
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.path("reprocessed").asLong()).isEqualTo(10);
        assertThat(ReplayEndToEndIT.readCommitted(cluster, names.output)).filteredOn(r -> r.headers()
                        .lastHeader("rewind.replay-id") != null)
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .hasSize(10).allMatch(value -> value.startsWith("acme-") && value.endsWith(":v2"));

        // the versions API (group descriptions and lag) and the history index under their own principals
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(http.get("/api/v1/events?cohort=customer:acme"
                + "&from=now-15m", null).json().path("events")).hasSizeGreaterThanOrEqualTo(10));
        assertThat(http.get("/api/v1/components/" + names.component + "/versions", null).status()).isEqualTo(200);
    }

    @Test
    void withoutReadOnTheControlTopicTheServiceRefusesToStartNamingTheTopicAndTheAcl(
            @SecuredBy(SecurityProtocol.SASL_SSL) KafkaCluster cluster, @TempDir Path dir) throws Exception {
        Names names = new Names();
        cluster.createTopic(names.source, 1, (short) 1);
        grant(cluster, RewindAcls.replayService("User:" + names.service, List.of(names.source)).stream()
                .filter(b -> !(b.pattern().name().equals(RewindAcls.CONTROL_TOPIC)
                        && b.entry().operation() == org.apache.kafka.common.acl.AclOperation.READ)).toList());

        long startedAt = System.nanoTime();
        assertThatThrownBy(() -> startService(cluster, names, dir, false))
                .hasStackTraceContaining(RewindAcls.CONTROL_TOPIC)
                .hasStackTraceContaining("Authorization");
        assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(PATIENCE);
    }

    @Test
    void withWrongRegistryCredentialsAVersionAndTheServiceRefuseToStartInOneLineNamingTheRegistryAndTheSetting(
            @SecuredBy(SecurityProtocol.SASL_SSL) KafkaCluster cluster, @TempDir Path dir) throws Exception {
        Names names = new Names();
        cluster.createTopic(names.source, 1, (short) 1);
        grant(cluster, RewindAcls.replayService("User:" + names.service, List.of(names.source)));
        grant(cluster, RewindAcls.versionInstance("User:" + names.engine("v1"), names.component, "v1",
                List.of(names.source), List.of()));

        assertThatThrownBy(() -> VersionRuntimes.start(engineClient(cluster, names.engine("v1"), WRONG_PASSWORD),
                registry.url(), dir, names.component, names.source, "v1", "v1-1",
                ReplayEndToEndIT.processor(names.source, "v1"), PATIENCE))
                .satisfies(e -> assertOneLineNamingTheRegistry(e));
        assertThatThrownBy(() -> startService(cluster, names, dir, false, WRONG_PASSWORD))
                .satisfies(e -> assertOneLineNamingTheRegistry(e));
    }

    private static void assertOneLineNamingTheRegistry(Throwable thrown) {
        Throwable denied = thrown;
        while (denied != null && !(denied instanceof RegistryAccess.RegistryAccessDeniedException)) {
            denied = denied.getCause();
        }
        assertThat(denied).as("a RegistryAccessDeniedException in the causes of %s", thrown).isNotNull();
        assertThat(denied.getMessage()).doesNotContain("\n").doesNotContain("not-the-password")
                .contains(registry.url(), "401", "basic.auth.user.info");
    }

    private static Map<String, Object> engineClient(KafkaCluster cluster, String principal,
            Map<String, String> registryCredentials) {
        Map<String, Object> client = new HashMap<>(cluster.clientConfigFor(principal));
        client.putAll(registryCredentials);
        return client;
    }

    private static Map<String, Object> registryConfig(Map<String, String> credentials) {
        Map<String, Object> config = new HashMap<>(credentials);
        config.put("schema.registry.url", registry.url());
        return config;
    }

    private ReplayToolServer startService(KafkaCluster cluster, Names names, Path dir) {
        return startService(cluster, names, dir, true);
    }

    private ReplayToolServer startService(KafkaCluster cluster, Names names, Path dir, boolean history) {
        return startService(cluster, names, dir, history, WRITER);
    }

    private ReplayToolServer startService(KafkaCluster cluster, Names names, Path dir, boolean history,
            Map<String, String> registryCredentials) {
        Map<String, Object> serviceClient = cluster.clientConfigFor(names.service);
        serviceClient.remove("bootstrap.servers");
        Map<String, Object> historySettings = history
                ? HistoryServers.securedHistory(cluster, names.history, names.source, names.applicationId, dir)
                : new HashMap<>();
        ReplayToolServer server = ReplayToolServer.start(ReplayToolServer.Options.builder(cluster.bootstrapServers(),
                registry.url()).clientConfig(serviceClient).registryConfig(new HashMap<>(registryCredentials))
                .history(historySettings).build());
        started.add(server);
        return server;
    }

    private static void grant(KafkaCluster cluster, List<AclBinding> acls) throws Exception {
        cluster.admin().createAcls(acls).all().get();
        // the authorizer applies new ACLs asynchronously on every broker
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.admin().describeAcls(AclBindingFilter.ANY)
                .values().get().containsAll(acls));
    }

    private static void routeEverythingToV1(KafkaCluster cluster, String component) {
        try (RoutePublisher publisher = RoutePublisher.create(cluster.clientConfig(), RouteLog.Options.DEFAULT_TOPIC,
                RouteTiming.DEFAULTS, Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)))) {
            publisher.setRoute(component, CohortSelector.DEFAULT, RouteTarget.version("v1"), null, "test",
                    "v1 owns everything from an hour ago on");
        }
    }

    /** Unique topics, component and principals of one test. */
    private static final class Names {
        final String suffix = UUID.randomUUID().toString().substring(0, 8);
        final String component = "secured-" + suffix;
        final String source = "secured-source-" + suffix;
        final String output = "secured-output-" + suffix;
        final String service = "service-" + suffix;
        final String history = "history-" + suffix;
        final String applicationId = "rewind-history-" + suffix;

        String engine(String version) {
            return "engine-" + version + "-" + suffix;
        }
    }
}
