package dev.rewind.kafka.junit;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * A running Kafka cluster injected into a test by {@link KafkaClusterExtension}.
 *
 * <p>The extension owns the cluster: it starts it on first use in a test class, shares it between
 * the tests of that class and closes it after the last one. Tests must therefore use unique topic
 * and group names. Brokers a test stopped with {@link #stopBroker(int)} are started again after
 * that test.
 *
 * <p>Thread safety: all methods may be called from any thread.
 */
public interface KafkaCluster {

    /** {@code host:port,...} for the {@code bootstrap.servers} client setting. */
    String bootstrapServers();

    /**
     * A new mutable map with {@code bootstrap.servers} and, on a {@link SecuredBy secured} cluster,
     * the settings that authenticate as its super user; to extend with client settings.
     */
    Map<String, Object> clientConfig();

    /**
     * A new mutable map with {@code bootstrap.servers} and the settings that authenticate as
     * principal {@code User:<user>}, which may do only what ACLs grant it (SCRAM user created, or
     * client certificate issued, on first use).
     *
     * @throws UnsupportedOperationException on a cluster that is not {@link SecuredBy secured}
     */
    default Map<String, Object> clientConfigFor(String user) {
        throw new UnsupportedOperationException("this cluster has no authentication; annotate the"
                + " KafkaCluster parameter with @SecuredBy to get principals");
    }

    /** The security protocol of the client listener. */
    default SecurityProtocol securityProtocol() {
        return SecurityProtocol.PLAINTEXT;
    }

    /**
     * Creates a topic and returns once every partition has a leader.
     *
     * @throws IllegalStateException when the topic cannot be created (for example it exists, or
     *     {@code replicationFactor} exceeds the running brokers)
     */
    void createTopic(String name, int partitions, short replicationFactor);

    /** An admin client owned by the cluster: do not close it. */
    Admin admin();

    /** The ids of all brokers of the cluster, running or stopped, in ascending order. */
    List<Integer> brokerIds();

    /**
     * Stops one broker cleanly and waits until it is down; its data is kept.
     *
     * @throws UnsupportedOperationException when this kind of cluster cannot stop brokers
     *     (Testcontainers)
     */
    void stopBroker(int brokerId);

    /** Starts a stopped broker on its kept data and waits until the cluster sees it again. */
    void startBroker(int brokerId);

    /**
     * The id of the broker that leads the partition, or {@code -1} when it has no leader right now.
     */
    int leaderOf(String topic, int partition);
}
