package dev.rewind.engine.state;

import dev.rewind.engine.processor.ComponentVersion;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The changelog topic of a component version's state: {@code <component>.<version>.state-changelog},
 * compacted, with as many partitions as the version's source topics (which must be co-partitioned:
 * one store serves one partition number of all of them).
 */
public final class StateChangelog {

    /** Suffix of the changelog topic name after the group id. */
    public static final String SUFFIX = ".state-changelog";

    private StateChangelog() {
    }

    /** {@code <component>.<version>.state-changelog}. */
    public static String topicName(ComponentVersion version) {
        return version.groupId() + SUFFIX;
    }

    /**
     * Creates the changelog topic (compacted, broker-default replication) unless it exists.
     *
     * @param partitions the number of source partitions
     */
    public static void ensureTopic(Map<String, Object> clientConfig, ComponentVersion version, int partitions) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.keySet().retainAll(AdminClientConfig.configNames());
        String topic = topicName(version);
        try (Admin admin = Admin.create(config)) {
            NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(newTopic)).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create state changelog " + topic + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating state changelog " + topic
                    + "; check bootstrap.servers", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted creating state changelog " + topic, e);
        }
    }
}
