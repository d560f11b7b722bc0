package dev.rewind.replaytool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.clients.acl.RewindAcls;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.kafka.junit.SecuredBy;
import dev.rewind.protocol.topics.RewindTopics;
import dev.rewind.protocol.topics.TopicAdmin;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.replaytool.history.HistoryConfig;
import dev.rewind.replaytool.history.HistoryIndex;
import dev.rewind.testsupport.AclRemoval;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The history index with each one of the ACLs {@link RewindAcls#historyIndex} documents taken away, on one SASL
 * cluster whose authorizer denies what no ACL allows: the index is started on a source with an event in it, and its
 * start-up failure or the reason it stopped names the resource and the operation within seconds, instead of a
 * pattern subscription that skips a topic without a word or a stream thread replaced for ever. Each case has its own
 * principal, application id and source topic.
 */
@ExtendWith(KafkaClusterExtension.class)
class HistoryAclRemovalIT {

    private static final Duration QUICKLY = Duration.ofSeconds(60);

    private static SchemaRegistryServer registry;

    @BeforeAll
    static void startRegistry(@SecuredBy(SecurityProtocol.SASL_PLAINTEXT) KafkaCluster cluster) throws Exception {
        registry = AclRemoval.startRegistry(cluster);
        TopicAdmin.ensure(cluster.admin(), RewindTopics.outcomes(1));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    /** Why the index does not run, as {@code awaitRunning} says it, or "running". */
    private static String whyNotRunning(HistoryIndex index) throws InterruptedException {
        try {
            index.awaitRunning(Duration.ofMillis(500));
            return "running";
        } catch (IllegalStateException e) {
            return AclRemoval.messages(e);
        }
    }

    static Stream<Arguments> documentedAcls() {
        return AclRemoval.cases(RewindAcls.historyIndex("User:p", "application-id", List.of("source-topic")));
    }

    @ParameterizedTest(name = "without {0}")
    @MethodSource("documentedAcls")
    void withoutOneDocumentedAclTheHistoryIndexStopsQuicklyNamingTheResourceAndTheOperation(String acl, int removed,
            @SecuredBy(SecurityProtocol.SASL_PLAINTEXT) KafkaCluster cluster, @TempDir Path dir) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String principal = "history-" + suffix;
        String source = "history-source-" + suffix;
        String applicationId = "rewind-history-" + suffix;
        cluster.createTopic(source, 1, (short) 1);
        List<AclBinding> documented = RewindAcls.historyIndex("User:" + principal, applicationId, List.of(source));
        AclBinding missing = documented.get(removed);
        AclRemoval.grant(cluster, AclRemoval.allBut(documented, removed));
        ReplayEndToEndIT.produce(cluster, registry.url(), source, Instant.now().minusSeconds(60), "acme", 3);

        Map<String, Object> settings = new HashMap<>(cluster.clientConfigFor(principal));
        settings.put(HistoryConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
        settings.put(HistoryConfig.SOURCE_TOPICS_CONFIG, source);
        settings.put(HistoryConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(HistoryConfig.STATE_DIR_CONFIG, dir.toString());
        settings.put(HistoryConfig.PARTITIONS_CONFIG, 1);
        settings.put(HistoryConfig.REPLICATION_FACTOR_CONFIG, 1);
        settings.put(HistoryConfig.COMMIT_INTERVAL_MS_CONFIG, 100);

        long startedAt = System.nanoTime();
        HistoryIndex started;
        try {
            started = HistoryIndex.start(new HistoryConfig(settings));
        } catch (RuntimeException e) {
            started = null;
            AclRemoval.assertNames(AclRemoval.messages(e), missing);
        }
        if (started != null) {
            try (HistoryIndex index = started) {
                await().atMost(QUICKLY).pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> AclRemoval.assertNames(whyNotRunning(index), missing));
            }
        }
        assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(QUICKLY);
    }
}
