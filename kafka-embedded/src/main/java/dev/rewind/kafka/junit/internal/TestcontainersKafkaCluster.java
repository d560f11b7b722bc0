package dev.rewind.kafka.junit.internal;

import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * One Apache Kafka broker in a Docker container (Testcontainers), with the same single-broker
 * settings as the embedded broker. It cannot stop and start its broker: a restarted container
 * gets a new mapped port.
 */
public final class TestcontainersKafkaCluster extends ManagedCluster {

    /** The image of the Kafka version the project builds against. */
    public static final String IMAGE = "apache/kafka:4.1.1";

    private final KafkaContainer container;

    private TestcontainersKafkaCluster(KafkaContainer container) {
        this.container = container;
    }

    /** Whether a Docker engine answers; Testcontainers caches the answer. */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static ManagedCluster start() {
        KafkaContainer container = new KafkaContainer(IMAGE)
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
        return new TestcontainersKafkaCluster(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public List<Integer> brokerIds() {
        return List.copyOf(liveBrokerIds()).stream().sorted().toList();
    }

    @Override
    public void stopBroker(int brokerId) {
        throw new UnsupportedOperationException("a Testcontainers Kafka cannot stop broker " + brokerId
                + "; annotate the parameter with @BrokerCount(3) for a cluster whose brokers can stop");
    }

    @Override
    public void startBroker(int brokerId) {
        throw new UnsupportedOperationException("a Testcontainers Kafka cannot start broker " + brokerId
                + "; annotate the parameter with @BrokerCount(3) for a cluster whose brokers can stop");
    }

    @Override
    protected void stopAll() {
        container.stop();
    }
}
