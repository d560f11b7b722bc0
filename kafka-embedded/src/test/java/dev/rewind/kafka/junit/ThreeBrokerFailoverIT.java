package dev.rewind.kafka.junit;

import static dev.rewind.kafka.testing.TestClients.numbered;
import static dev.rewind.kafka.testing.TestClients.readToEnd;
import static dev.rewind.kafka.testing.TestClients.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.kafka.testing.TestClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class ThreeBrokerFailoverIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int STEP = 300;

    @Test
    void acksAllProducingLosesNothingWhileThePartitionLeaderIsStoppedAndRestarted(
            @BrokerCount(3) KafkaCluster cluster) throws Exception {
        assertThat(cluster.brokerIds()).hasSize(3);
        String topic = "failover-it-events";
        cluster.createTopic(topic, 1, (short) 3);
        requireTwoInSyncReplicas(cluster, topic);

        Map<String, Object> durable = Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        int sent;
        ContinuousProducer producer = new ContinuousProducer(TestClients.producer(cluster.bootstrapServers(), durable),
                topic);
        try (producer) {
            producer.start();
            await().atMost(PATIENCE).until(() -> producer.acked() >= STEP);

            int leader = cluster.leaderOf(topic, 0);
            cluster.stopBroker(leader);
            await().atMost(PATIENCE).until(() -> {
                int current = cluster.leaderOf(topic, 0);
                return current != -1 && current != leader;
            });
            int ackedWhileLeaderDown = producer.acked();
            await().atMost(PATIENCE).until(() -> producer.acked() >= ackedWhileLeaderDown + STEP);

            cluster.startBroker(leader);
            await().atMost(PATIENCE).until(() -> inSyncReplicas(cluster, topic).size() == 3);
            int ackedAfterRestart = producer.acked();
            await().atMost(PATIENCE).until(() -> producer.acked() >= ackedAfterRestart + STEP);
            sent = producer.stopAndFlush();
        }

        assertThat(producer.failures()).as("send failures").isEmpty();
        assertThat(producer.acked()).isEqualTo(sent);
        List<String> consumed = values(readToEnd(cluster.bootstrapServers(), topic, Map.of()));
        assertThat(consumed).as("every record exactly once, in order").containsExactlyElementsOf(numbered("r-", sent));
    }

    private static void requireTwoInSyncReplicas(KafkaCluster cluster, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        AlterConfigOp minIsr = new AlterConfigOp(new ConfigEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2"),
                AlterConfigOp.OpType.SET);
        cluster.admin().incrementalAlterConfigs(Map.of(resource, List.of(minIsr))).all().get();
    }

    private static List<Integer> inSyncReplicas(KafkaCluster cluster, String topic) throws Exception {
        TopicPartitionInfo partition = cluster.admin().describeTopics(Set.of(topic)).allTopicNames().get()
                .get(topic).partitions().get(0);
        return partition.isr().stream().map(node -> node.id()).toList();
    }

    /** Sends numbered records until stopped, with a bounded number in flight. */
    private static final class ContinuousProducer implements AutoCloseable {

        private final KafkaProducer<String, String> producer;
        private final String topic;
        private final Semaphore inFlight = new Semaphore(200);
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger acked = new AtomicInteger();
        private final ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
        private final Thread thread = new Thread(this::run, "failover-it-producer");
        private volatile int sent;

        ContinuousProducer(KafkaProducer<String, String> producer, String topic) {
            this.producer = producer;
            this.topic = topic;
        }

        void start() {
            thread.start();
        }

        int acked() {
            return acked.get();
        }

        List<Exception> failures() {
            return List.copyOf(failures);
        }

        int stopAndFlush() throws InterruptedException {
            running.set(false);
            thread.join(PATIENCE.toMillis());
            producer.flush();
            return sent;
        }

        private void run() {
            int next = 0;
            try {
                while (running.get()) {
                    inFlight.acquire();
                    String value = "r-" + next;
                    producer.send(new ProducerRecord<>(topic, value, value), (metadata, exception) -> {
                        if (exception == null) {
                            acked.incrementAndGet();
                        } else {
                            failures.add(exception);
                        }
                        inFlight.release();
                    });
                    next++;
                    sent = next;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }

        @Override
        public void close() {
            running.set(false);
            producer.close(Duration.ofSeconds(30));
        }
    }
}
