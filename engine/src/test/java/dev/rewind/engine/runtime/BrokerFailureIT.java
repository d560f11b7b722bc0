package dev.rewind.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.dlq.DlqTopics;
import dev.rewind.engine.outcome.OutcomeTopics;
import dev.rewind.kafka.junit.BrokerCount;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.testsupport.SchemaRegistryExtension;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.avro.OutcomeStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Invariant 2 across a broker failure: a broker of three stops and restarts while events flow. */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class BrokerFailureIT {

    private final SchemaRegistryServer registry;

    BrokerFailureIT(@BrokerCount(3) SchemaRegistryServer registry) {
        this.registry = registry;
    }

    @Test
    void losesAndDoublesNothingWhileABrokerStopsAndRestarts(@BrokerCount(3) KafkaCluster cluster,
                                                           @TempDir Path stateDir) throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, registry.url(), stateDir, 3, (short) 3)) {
            // the engine would create its topics with the broker's default replication; make them survive
            createReplicated(cluster, OutcomeTopics.OUTCOMES, 3, "delete");
            createReplicated(cluster, DlqTopics.of(fixture.component), 1, "delete");
            createReplicated(cluster, fixture.component + ".v1.dedupe-changelog", 3, "compact,delete");
            createReplicated(cluster, "rewind.routes", 1, "compact");
            fixture.routeEverythingTo("v1");
            fixture.start(fixture.settings("v1", "a"), () -> new ComponentRuntimeIT.EchoProcessor(fixture.output));
            List<String> all = new ArrayList<>();

            produce(fixture, all, "before", 100);
            fixture.outcomes(list -> list.size() >= 50);
            int stopped = cluster.leaderOf(fixture.source, 0);
            cluster.stopBroker(stopped);
            produce(fixture, all, "during", 100);
            fixture.outcomes(list -> list.size() >= 150);
            cluster.startBroker(stopped);
            produce(fixture, all, "after", 100);

            List<Outcome> outcomes = fixture.outcomes(list -> list.size() >= all.size());
            List<String> outputs = fixture.readAllCommitted(fixture.output).stream()
                    .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
            List<Outcome> settled = fixture.outcomes(list -> list.size() >= all.size());

            assertThat(outputs).containsExactlyInAnyOrderElementsOf(all);
            assertThat(settled).hasSameSizeAs(outcomes).extracting(Outcome::getEventId)
                    .containsExactlyInAnyOrderElementsOf(all);
            assertThat(settled).allSatisfy(o -> assertThat(o.getStatus()).isEqualTo(OutcomeStatus.OK));
        }
    }

    private static void produce(RuntimeFixture fixture, List<String> all, String prefix, int count) {
        List<String> ids = IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
        all.addAll(ids);
        fixture.produce(ids.stream().map(id -> RuntimeFixture.event(id, "acme", "p" + (id.hashCode() & 7))).toList());
    }

    private static void createReplicated(KafkaCluster cluster, String topic, int partitions, String cleanup)
            throws Exception {
        NewTopic wanted = new NewTopic(topic, Optional.of(partitions), Optional.of((short) 3))
                .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2", TopicConfig.CLEANUP_POLICY_CONFIG, cleanup));
        try {
            cluster.admin().createTopics(List.of(wanted)).all().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
