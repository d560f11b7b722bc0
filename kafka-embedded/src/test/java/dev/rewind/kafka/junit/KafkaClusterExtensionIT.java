package dev.rewind.kafka.junit;

import static dev.rewind.kafka.testing.TestClients.numbered;
import static dev.rewind.kafka.testing.TestClients.readToEnd;
import static dev.rewind.kafka.testing.TestClients.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.kafka.testing.TestClients;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class KafkaClusterExtensionIT {

    private static KafkaCluster fromBeforeAll;

    @BeforeAll
    static void rememberTheClassCluster(KafkaCluster cluster) {
        fromBeforeAll = cluster;
    }

    @Test
    void injectsOneBrokerSharedByTheWholeClass(KafkaCluster cluster) throws Exception {
        assertThat(cluster).isSameAs(fromBeforeAll);
        assertThat(cluster.brokerIds()).hasSize(1);
        assertThat(cluster.admin().describeCluster().nodes().get()).hasSize(1);
        assertThat(cluster.clientConfig()).containsOnlyKeys("bootstrap.servers")
                .containsEntry("bootstrap.servers", cluster.bootstrapServers());
    }

    @Test
    void createsATopicThatCanBeProducedToAndConsumedFrom(KafkaCluster cluster) throws Exception {
        String topic = "extension-it-plain";
        cluster.createTopic(topic, 3, (short) 1);
        assertThat(cluster.admin().describeTopics(Set.of(topic)).allTopicNames().get().get(topic).partitions())
                .hasSize(3);
        assertThat(cluster.leaderOf(topic, 2)).isEqualTo(cluster.brokerIds().get(0));

        try (KafkaProducer<String, String> producer = TestClients.producer(cluster.bootstrapServers(), Map.of())) {
            for (String value : numbered("plain-", 30)) {
                producer.send(new ProducerRecord<>(topic, value, value)).get();
            }
        }

        assertThat(values(readToEnd(cluster.bootstrapServers(), topic, Map.of())))
                .containsExactlyInAnyOrderElementsOf(numbered("plain-", 30));
    }

    @Test
    void aTransactionalProducerCommitsAndAbortsOnOneBroker(KafkaCluster cluster) {
        String topic = "extension-it-transactions";
        cluster.createTopic(topic, 2, (short) 1);
        Map<String, Object> transactional = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "extension-it-tx");
        try (KafkaProducer<String, String> producer = TestClients.producer(cluster.bootstrapServers(), transactional)) {
            producer.initTransactions();
            producer.beginTransaction();
            numbered("aborted-", 5).forEach(v -> producer.send(new ProducerRecord<>(topic, v, v)));
            producer.abortTransaction();
            producer.beginTransaction();
            numbered("committed-", 5).forEach(v -> producer.send(new ProducerRecord<>(topic, v, v)));
            producer.commitTransaction();
        }

        // commitTransaction returns before the coordinator has written every commit marker, so the
        // last stable offset a read_committed reader sees may lag for a moment
        Map<String, Object> readCommitted = Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(values(readToEnd(cluster.bootstrapServers(), topic, readCommitted)))
                        .containsExactlyInAnyOrderElementsOf(numbered("committed-", 5)));
    }

    @Test
    void aStoppedBrokerComesBackWithItsDataOnTheSameAddress(KafkaCluster cluster) throws Exception {
        String topic = "extension-it-restart";
        cluster.createTopic(topic, 1, (short) 1);
        try (KafkaProducer<String, String> producer = TestClients.producer(cluster.bootstrapServers(), Map.of())) {
            producer.send(new ProducerRecord<>(topic, "k", "before-restart")).get();
        }
        int broker = cluster.brokerIds().get(0);

        cluster.stopBroker(broker);
        cluster.startBroker(broker);

        assertThat(values(readToEnd(cluster.bootstrapServers(), topic, Map.of()))).containsExactly("before-restart");
        assertThat(cluster.leaderOf(topic, 0)).isEqualTo(broker);
    }
}
