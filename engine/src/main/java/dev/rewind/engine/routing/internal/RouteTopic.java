package dev.rewind.engine.routing.internal;

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
 * Creates {@code rewind.routes} if it is missing.
 *
 * <p>The topic is compacted and keyed by change id. Every change has its own key, so compaction
 * never drops a change the ownership function may need (a lagging consumer or a replay deciding
 * ownership for old events needs the old routes); it only removes republished copies of the same
 * change. Keying by selector would keep only the latest route per selector and make decisions for
 * older events depend on when a consumer read the topic. Route changes are human-rate, so the
 * topic stays small. One partition keeps the whole history in one ordered log.
 */
public final class RouteTopic {

    private RouteTopic() {
    }

    /** Creates the topic (one partition, compacted, broker-default replication) unless it exists. */
    public static void ensureExists(Map<String, Object> clientConfig, String topic) {
        Map<String, Object> config = new java.util.HashMap<>();
        clientConfig.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                config.put(k, v);
            }
        });
        try (Admin admin = Admin.create(config)) {
            NewTopic newTopic = new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(newTopic)).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create route topic " + topic + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating route topic " + topic
                    + "; check bootstrap.servers", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted creating route topic " + topic, e);
        }
    }
}
