package dev.rewind.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.clients.acl.RewindAcls;
import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.dlq.DlqTopics;
import dev.rewind.engine.runtime.ComponentRuntime;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.kafka.junit.SecuredBy;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.protocol.topics.RewindTopics;
import dev.rewind.protocol.topics.TopicAdmin;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.schemas.avro.DlqEntry;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.testsupport.AclRemoval;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
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
 * A version instance with each one of the ACLs {@link RewindAcls#versionInstance} documents taken away, on one SASL
 * cluster whose authorizer denies what no ACL allows: the instance is started and given what makes that ACL matter
 * (an event it owns, one that cannot be decoded, one dated ten minutes ahead, a replay), and what an operator sees (the
 * instance's failure, its readiness, its dead letters) names the resource and the operation within seconds instead of
 * a hang or a retry loop. Each case has its own component and principal; rewind's shared topics are created
 * beforehand by the administrator, except the one whose {@code CREATE} is taken away, which is deleted first.
 */
@ExtendWith(KafkaClusterExtension.class)
class VersionAclRemovalIT {

    private static final Duration QUICKLY = Duration.ofSeconds(45);
    private static final String COMPONENT = "component";
    private static final String SOURCE = "source-topic";
    private static final String OUTPUT = "output-topic";
    private static final Set<String> SHARED = Set.of(RewindTopics.ROUTES, RewindTopics.CONTROL, RewindTopics.OUTCOMES);

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
        return AclRemoval.cases(RewindAcls.versionInstance("User:p", COMPONENT, "v1", List.of(SOURCE),
                List.of(OUTPUT)));
    }

    @ParameterizedTest(name = "without {0}")
    @MethodSource("documentedAcls")
    void withoutOneDocumentedAclAVersionInstanceFailsQuicklyNamingTheResourceAndTheOperation(String acl, int removed,
            @SecuredBy(SecurityProtocol.SASL_PLAINTEXT) KafkaCluster cluster, @TempDir Path stateDir) throws Exception {
        try (ReplayFixture fixture = new ReplayFixture(cluster, registry.url(), stateDir, 1)) {
            String user = "engine-" + fixture.component;
            List<AclBinding> documented = RewindAcls.versionInstance("User:" + user, fixture.component, "v1",
                    List.of(fixture.source), List.of(fixture.output));
            AclBinding missing = documented.get(removed);
            String absent = prepareTopics(cluster, fixture, missing);
            AclRemoval.grant(cluster, AclRemoval.allBut(documented, removed));
            if (!RewindTopics.ROUTES.equals(absent)) {
                fixture.route(CohortSelector.DEFAULT, "v1");
            }

            long startedAt = System.nanoTime();
            ComponentRuntime runtime = ComponentRuntime.builder(EngineConfig.of(settings(cluster, fixture, user)))
                    .processor(ReplayFixture.Processor.v2(fixture.output)::get).build();
            try (runtime) {
                runtime.start();
                drive(fixture, absent);
                await().atMost(QUICKLY).pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> AclRemoval.assertNames(seen(runtime, fixture), missing));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(QUICKLY);
        }
    }

    /**
     * Creates, as the administrator, every topic the instance would create, except the one whose {@code CREATE} is
     * {@code missing} (deleted when it is a shared one a previous case created); returns that topic's name or null.
     */
    private static String prepareTopics(KafkaCluster cluster, ReplayFixture fixture, AclBinding missing)
            throws Exception {
        String groupId = fixture.component + ".v1";
        var definitions = new ArrayList<>(List.of(RewindTopics.routes(), RewindTopics.control(),
                RewindTopics.outcomes(1), RewindTopics.dlq(fixture.component),
                RewindTopics.dedupeChangelog(groupId, 1, EngineConfig.of(fixture.settings("v1", "a")).dedupeWindow()),
                RewindTopics.stateChangelog(groupId, 1)));
        String absent = null;
        if (missing.entry().operation() == AclOperation.CREATE) {
            absent = missing.pattern().name();
            String prefix = missing.pattern().patternType() == PatternType.PREFIXED ? absent : null;
            String literal = absent;
            definitions.removeIf(d -> prefix == null ? d.name().equals(literal) : d.name().startsWith(prefix));
            if (SHARED.contains(absent)) {
                AclRemoval.deleteTopic(cluster, absent);
            }
        }
        new TopicAdmin(cluster.admin(), Duration.ofSeconds(30)).ensure(definitions);
        String stateChangelog = RewindTopics.stateChangelogName(groupId);
        if (definitions.stream().anyMatch(d -> d.name().equals(stateChangelog))) {
            // READ on the changelogs matters when there is something to restore: a record no store wrote, skipped
            fixture.produceRaw(List.of(new ProducerRecord<>(stateChangelog, 0, "not-a-state-key".getBytes(
                    StandardCharsets.UTF_8), "x".getBytes(StandardCharsets.UTF_8))));
        }
        return absent;
    }

    /**
     * What makes each ACL matter: an owned event, an undecodable record, one dated beyond
     * {@code event.time.after.max.ms} (and within the broker's {@code message.timestamp.after.max.ms}), a replay.
     */
    private static void drive(ReplayFixture fixture, String absent) {
        fixture.produce(List.of(ReplayFixture.event("owned-1", "acme", "pro", "p1")));
        fixture.produceRaw(List.of(new ProducerRecord<>(fixture.source, "p1".getBytes(StandardCharsets.UTF_8),
                "not avro".getBytes(StandardCharsets.UTF_8))));
        fixture.produce(List.of(ReplayFixture.event("future-1", "acme", "pro", "p1")),
                Instant.now().plus(Duration.ofMinutes(10)));
        if (!RewindTopics.CONTROL.equals(absent)) {
            fixture.startReplay("v1", CohortSelector.customer("acme"), Instant.now().minus(Duration.ofHours(1)),
                    Instant.now(), null, false, false);
        }
    }

    /** What an operator sees of the instance: its failure, its readiness and its dead letters' reasons. */
    private static String seen(ComponentRuntime runtime, ReplayFixture fixture) {
        StringBuilder text = new StringBuilder();
        runtime.failure().ifPresent(e -> text.append(AclRemoval.messages(e)));
        text.append(runtime.health().readiness().reasons()).append(" | ");
        deadLetterReasons(fixture).forEach(reason -> text.append(reason).append(" | "));
        return text.toString();
    }

    private static List<String> deadLetterReasons(ReplayFixture fixture) {
        String topic = DlqTopics.of(fixture.component);
        Map<String, Object> props = new HashMap<>(fixture.cluster.clientConfig());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> reasons = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             AvroDeserializer deserializer = new AvroDeserializer()) {
            deserializer.configure(Map.of("schema.registry.url", fixture.registryUrl, "specific.avro.reader", true),
                    false);
            if (consumer.listTopics().get(topic) == null) {
                return reasons;
            }
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    reasons.add(((DlqEntry) deserializer.deserialize(topic, record.value())).getReason());
                }
            }
        }
        return reasons;
    }

    private static Map<String, Object> settings(KafkaCluster cluster, ReplayFixture fixture, String user) {
        Map<String, Object> settings = fixture.settings("v1", "a");
        Map<String, Object> client = new HashMap<>(cluster.clientConfigFor(user));
        client.remove("bootstrap.servers");
        settings.putAll(client);
        return settings;
    }
}
