package dev.rewind.kafka.junit.internal;

import dev.rewind.kafka.embedded.internal.BrokerConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * Several brokers and one separate KRaft controller, all in-JVM, built with Kafka's own
 * {@link KafkaClusterTestKit}. A separate controller keeps the metadata quorum up while any broker
 * is stopped, which is what fault tests need.
 */
public final class TestKitKafkaCluster extends ManagedCluster {

    private final KafkaClusterTestKit cluster;
    private final Set<Integer> stopped = new HashSet<>();

    private TestKitKafkaCluster(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Formats and starts a cluster of {@code brokers} brokers and waits until all are ready. */
    public static ManagedCluster start(int brokers) {
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setNumBrokerNodes(brokers)
                    .setNumControllerNodes(1)
                    .setCombined(false)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            for (Map.Entry<String, String> entry : BrokerConfig.lightweightDefaults().entrySet()) {
                builder.setConfigProp(entry.getKey(), entry.getValue());
            }
            builder.setConfigProp("group.initial.rebalance.delay.ms", "0");
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new TestKitKafkaCluster(cluster);
        } catch (Exception e) {
            closeQuietly(cluster);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the " + brokers + "-broker test cluster did not start: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public List<Integer> brokerIds() {
        List<Integer> ids = new ArrayList<>(cluster.brokers().keySet());
        ids.sort(null);
        return List.copyOf(ids);
    }

    @Override
    public void stopBroker(int brokerId) {
        BrokerServer broker = broker(brokerId);
        synchronized (this) {
            if (!stopped.add(brokerId)) {
                return;
            }
        }
        // BrokerServer.shutdown() is a controlled shutdown: the controller moves leadership away first
        broker.shutdown();
        broker.awaitShutdown();
        awaitCondition("broker " + brokerId + " has left the cluster", () -> !liveBrokerIds().contains(brokerId));
    }

    @Override
    public void startBroker(int brokerId) {
        BrokerServer broker = broker(brokerId);
        synchronized (this) {
            if (!stopped.remove(brokerId)) {
                return;
            }
        }
        broker.startup();
        awaitCondition("broker " + brokerId + " has rejoined the cluster", () -> liveBrokerIds().contains(brokerId));
    }

    @Override
    public void restartStoppedBrokers() {
        List<Integer> toStart;
        synchronized (this) {
            toStart = new ArrayList<>(stopped);
        }
        toStart.forEach(this::startBroker);
    }

    @Override
    protected void stopAll() {
        closeQuietly(cluster);
    }

    private BrokerServer broker(int brokerId) {
        BrokerServer broker = cluster.brokers().get(brokerId);
        if (broker == null) {
            throw new IllegalArgumentException("broker " + brokerId + " is not in this cluster; its brokers are "
                    + brokerIds());
        }
        return broker;
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            org.slf4j.LoggerFactory.getLogger(TestKitKafkaCluster.class).atWarn()
                    .setMessage("The test cluster did not close cleanly").setCause(e).log();
        }
    }
}
