package dev.rewind.protocol.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.kafka.junit.BrokerCount;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class TopicAdminIT {

    @Test
    void givesEveryTopicThreeReplicasAndTwoInSyncOnAThreeBrokerCluster(@BrokerCount(3) KafkaCluster cluster)
            throws Exception {
        Admin admin = cluster.admin();
        TopicDefinition control = RewindTopics.control("admin-it-control");
        TopicDefinition outcomes = new TopicDefinition("admin-it-outcomes", 4, Map.of(), false);

        Map<String, Integer> partitions = TopicAdmin.ensure(admin, control, outcomes);

        assertThat(partitions).containsEntry("admin-it-control", 1).containsEntry("admin-it-outcomes", 4);
        for (String topic : List.of("admin-it-control", "admin-it-outcomes")) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            assertThat(config(admin, topic).get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()).isEqualTo("2");
        }
        assertThat(config(admin, "admin-it-control").get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    @Test
    void leavesAnExistingTopicAsItIsAndReportsItsPartitions(KafkaCluster cluster) {
        cluster.createTopic("admin-it-existing", 3, (short) 1);

        Map<String, Integer> partitions = TopicAdmin.ensure(cluster.admin(),
                new TopicDefinition("admin-it-existing", 1, Map.of(), false));

        assertThat(partitions).containsEntry("admin-it-existing", 3);
    }

    @Test
    void toleratesProcessesCreatingTheSameTopicsAtOnce(KafkaCluster cluster) throws Exception {
        TopicDefinition routes = RewindTopics.routes("admin-it-race-routes");
        TopicDefinition audit = RewindTopics.audit("admin-it-race-audit");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Map<String, Integer>>> results = pool.invokeAll(List.of(
                    () -> TopicAdmin.ensure(cluster.admin(), routes, audit),
                    () -> TopicAdmin.ensure(cluster.admin(), audit, routes),
                    () -> TopicAdmin.ensure(cluster.admin(), routes),
                    () -> TopicAdmin.ensure(cluster.admin(), audit)));
            for (Future<Map<String, Integer>> result : results) {
                assertThat(result.get().values()).containsOnly(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesASinglePartitionLogThatHasSeveralPartitions(KafkaCluster cluster) {
        cluster.createTopic("admin-it-split-control", 2, (short) 1);

        assertThatThrownBy(() -> new TopicAdmin(cluster.admin(), Duration.ofSeconds(30))
                .ensure(List.of(RewindTopics.control("admin-it-split-control"))))
                .isInstanceOf(TopicSetupException.class)
                .hasMessageContaining("admin-it-split-control has 2 partitions")
                .hasMessageContaining("needs exactly 1");
    }

    private static Config config(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}
