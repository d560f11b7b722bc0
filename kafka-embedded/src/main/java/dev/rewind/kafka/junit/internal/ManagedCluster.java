package dev.rewind.kafka.junit.internal;

import dev.rewind.kafka.junit.KafkaCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * What all injected clusters share: the owned admin client, topic creation and leader lookup.
 * Subclasses start and stop the brokers.
 */
public abstract class ManagedCluster implements KafkaCluster, AutoCloseable {

    /** Generous: brokers share two cores with builds and other brokers. */
    protected static final Duration TIMEOUT = Duration.ofSeconds(90);

    private Admin admin;
    private boolean closed;

    @Override
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    @Override
    public synchronized Admin admin() {
        if (closed) {
            throw new IllegalStateException("the cluster is closed");
        }
        if (admin == null) {
            Map<String, Object> config = clientConfig();
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "rewind-test-cluster-admin");
            admin = Admin.create(config);
        }
        return admin;
    }

    @Override
    public void createTopic(String name, int partitions, short replicationFactor) {
        try {
            admin().createTopics(List.of(new NewTopic(name, partitions, replicationFactor))).all()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + name + " with " + partitions
                    + " partitions and replication factor " + replicationFactor + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
        awaitCondition("every partition of " + name + " has a leader", () -> allPartitionsLed(name, partitions));
    }

    @Override
    public int leaderOf(String topic, int partition) {
        TopicDescription description = describe(topic);
        if (description == null) {
            throw new IllegalArgumentException("topic " + topic + " does not exist");
        }
        return description.partitions().stream()
                .filter(p -> p.partition() == partition)
                .findFirst()
                .map(TopicPartitionInfo::leader)
                .map(ManagedCluster::idOrMinusOne)
                .orElseThrow(() -> new IllegalArgumentException("topic " + topic + " has no partition " + partition));
    }

    /** Starts again every broker a test stopped, so the next test finds a whole cluster. */
    public void restartStoppedBrokers() {
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
        } finally {
            stopAll();
        }
    }

    /** Stops every broker and releases their resources. */
    protected abstract void stopAll();

    /** The ids of the brokers the cluster metadata lists as alive right now. */
    protected Set<Integer> liveBrokerIds() {
        try {
            return admin().describeCluster().nodes().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).stream()
                    .map(Node::id).collect(java.util.stream.Collectors.toSet());
        } catch (ExecutionException | TimeoutException e) {
            return Set.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing the cluster", e);
        }
    }

    protected static void awaitCondition(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + TIMEOUT + " waiting until " + what);
            }
            try {
                // polling a broker's metadata; there is no event to wait on
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting until " + what, e);
            }
        }
    }

    private boolean allPartitionsLed(String topic, int partitions) {
        TopicDescription description = describe(topic);
        return description != null && description.partitions().size() == partitions
                && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    }

    private TopicDescription describe(String topic) {
        try {
            return admin().describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topic " + topic, e);
        }
    }

    private static int idOrMinusOne(Node node) {
        return node == null || node.isEmpty() ? -1 : node.id();
    }
}
