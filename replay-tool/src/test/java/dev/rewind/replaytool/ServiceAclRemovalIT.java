package dev.rewind.replaytool;

import dev.rewind.replaytool.testing.HistoryServers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.clients.acl.RewindAcls;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTarget;
import dev.rewind.engine.routing.RouteTiming;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.kafka.junit.SecuredBy;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.protocol.topics.RewindTopics;
import dev.rewind.protocol.topics.TopicAdmin;
import dev.rewind.protocol.topics.TopicDefinition;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.replaytool.testing.Http;
import dev.rewind.schemas.registry.CachingSchemaRegistryClient;
import dev.rewind.testsupport.AclRemoval;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The replay service with each one of the ACLs {@link RewindAcls#replayService} documents taken away, on one SASL
 * cluster whose authorizer denies what no ACL allows: the service is started and asked what makes that ACL matter
 * (the components and their groups, a route change, a replay, a rollout, the dead letters, an event to ingest), and
 * its start-up failure or its problem+json answers name the resource and the operation within seconds. Each case
 * has its own principal, component and source topic; rewind's topics are created beforehand by the administrator,
 * except the one whose {@code CREATE} is taken away, which is deleted first.
 */
@ExtendWith(KafkaClusterExtension.class)
class ServiceAclRemovalIT {

    private static final Duration QUICKLY = Duration.ofSeconds(60);
    private static final Set<String> SHARED = Set.of(RewindTopics.CONTROL, RewindTopics.ROUTES, RewindTopics.AUDIT,
            RewindTopics.ROLLOUTS);
    private static final Schema PROBE = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"AclProbe\","
            + "\"fields\":[{\"name\":\"eventId\",\"type\":\"string\"}]}");

    private static SchemaRegistryServer registry;

    @BeforeAll
    static void startRegistry(@SecuredBy(SecurityProtocol.SASL_PLAINTEXT) KafkaCluster cluster) throws Exception {
        registry = AclRemoval.startRegistry(cluster);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    static Stream<Arguments> documentedAcls() {
        return AclRemoval.cases(RewindAcls.replayService("User:p", List.of("source-topic")));
    }

    @ParameterizedTest(name = "without {0}")
    @MethodSource("documentedAcls")
    void withoutOneDocumentedAclTheServiceFailsQuicklyNamingTheResourceAndTheOperation(String acl, int removed,
            @SecuredBy(SecurityProtocol.SASL_PLAINTEXT) KafkaCluster cluster, @TempDir Path dir) throws Exception {
        Names names = new Names();
        cluster.createTopic(names.source, 1, (short) 1);
        List<AclBinding> documented = RewindAcls.replayService("User:" + names.service, List.of(names.source));
        AclBinding missing = documented.get(removed);
        String absent = prepareTopics(cluster, names, missing);
        AclRemoval.grant(cluster, AclRemoval.allBut(documented, removed));
        boolean history = missing.entry().operation() == AclOperation.WRITE
                && (missing.pattern().name().equals(names.source)
                        || missing.pattern().name().equals(RewindTopics.ROLLOUTS));
        if (history) {
            AclRemoval.grant(cluster, RewindAcls.historyIndex("User:" + names.history, names.applicationId,
                    List.of(names.source)));
        }
        if (!RewindTopics.ROUTES.equals(absent)) {
            routeEverythingTo(cluster, names.component, "v2");
        }
        new CachingSchemaRegistryClient(CachingSchemaRegistryClient.Options.defaults(registry.url()))
                .register(names.source + "-value", PROBE);

        List<KafkaConsumer<byte[], byte[]>> members = new ArrayList<>();
        long startedAt = System.nanoTime();
        String seen;
        try {
            members.add(member(cluster, names, "v1"));
            members.add(member(cluster, names, "v2"));
            try (ReplayToolServer server = start(cluster, names, dir, history)) {
                seen = drive(new Http(server.url()), names);
            } catch (RuntimeException e) {
                seen = AclRemoval.messages(e);
            }
        } finally {
            members.forEach(KafkaConsumer::close);
        }
        AclRemoval.assertNames(seen, missing);
        assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(QUICKLY);
    }

    /** Creates rewind's topics as the administrator but for the one whose CREATE is missing; returns its name. */
    private static String prepareTopics(KafkaCluster cluster, Names names, AclBinding missing) throws Exception {
        List<TopicDefinition> definitions = new ArrayList<>(List.of(RewindTopics.control(), RewindTopics.routes(),
                RewindTopics.audit(), RewindTopics.rollouts(), RewindTopics.dlq(names.component)));
        String absent = null;
        if (missing.entry().operation() == AclOperation.CREATE
                && missing.pattern().patternType() == PatternType.LITERAL) {
            absent = missing.pattern().name();
            String name = absent;
            definitions.removeIf(d -> d.name().equals(name));
            if (SHARED.contains(absent)) {
                AclRemoval.deleteTopic(cluster, absent);
            }
        }
        new TopicAdmin(cluster.admin(), Duration.ofSeconds(30)).ensure(definitions);
        return absent;
    }

    /**
     * What makes each ACL matter, each answer's status and detail: the components (their groups), a route change
     * (routes, audit), a replay (control), a rollout (rollouts), the dead letters and an event to ingest.
     */
    private static String drive(Http http, Names names) {
        Instant now = Instant.now();
        List<Http.Response> answers = List.of(
                http.get("/api/v1/components", null),
                http.put("/api/v1/components/" + names.component + "/routes/customer:acme",
                        Map.of("target", "v2", "reason", "acl test"), null),
                http.post("/api/v1/replays", Map.of("component", names.component, "version", "v1",
                        "cohort", "customer:acme", "from", now.minus(Duration.ofMinutes(10)).toString(),
                        "to", now.minus(Duration.ofMinutes(1)).toString(), "reason", "acl test"), null),
                http.post("/api/v1/rollouts", Map.of("component", names.component, "cohort", "customer:globex",
                        "version", "v1", "reason", "acl test"), null),
                http.get("/api/v1/components/" + names.component + "/dlq", null),
                http.post("/api/v1/events?topic=" + names.source, Map.of("eventId", "acl-1"), null));
        StringBuilder text = new StringBuilder();
        answers.forEach(a -> text.append(a.status()).append(' ').append(a.json().path("detail").asText())
                .append(" | "));
        return text.toString();
    }

    private static ReplayToolServer start(KafkaCluster cluster, Names names, Path dir, boolean history) {
        Map<String, Object> serviceClient = cluster.clientConfigFor(names.service);
        serviceClient.remove("bootstrap.servers");
        Map<String, Object> historySettings = history
                ? HistoryServers.securedHistory(cluster, names.history, names.source, names.applicationId, dir)
                : new HashMap<>();
        return ReplayToolServer.start(ReplayToolServer.Options.builder(cluster.bootstrapServers(), registry.url())
                .clientConfig(serviceClient).history(historySettings).build());
    }

    /** A member of the version's group (as the administrator), so the service sees a running instance. */
    private static KafkaConsumer<byte[], byte[]> member(KafkaCluster cluster, Names names, String version) {
        Map<String, Object> props = new HashMap<>(cluster.clientConfig());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, names.component + "." + version);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(names.source));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return !consumer.assignment().isEmpty();
        });
        return consumer;
    }

    private static void routeEverythingTo(KafkaCluster cluster, String component, String version) {
        try (RoutePublisher publisher = RoutePublisher.create(cluster.clientConfig(), RouteLog.Options.DEFAULT_TOPIC,
                RouteTiming.DEFAULTS, Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)))) {
            publisher.setRoute(component, CohortSelector.DEFAULT, RouteTarget.version(version), null, "test",
                    version + " owns everything from an hour ago on");
        }
    }

    /** Unique topics, component and principals of one case. */
    private static final class Names {
        final String suffix = UUID.randomUUID().toString().substring(0, 8);
        final String component = "acl-" + suffix;
        final String source = "acl-source-" + suffix;
        final String service = "service-" + suffix;
        final String history = "history-" + suffix;
        final String applicationId = "rewind-history-" + suffix;
    }
}
