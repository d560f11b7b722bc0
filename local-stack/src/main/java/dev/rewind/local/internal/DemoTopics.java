package dev.rewind.local.internal;

import dev.rewind.examples.release.ReleaseDemo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the demo's topics when missing; leaves existing ones as they are. */
public final class DemoTopics {

    private DemoTopics() {
    }

    /**
     * Creates {@link ReleaseDemo#EVENTS_TOPIC} (kept forever: the source of every replay) and
     * {@link ReleaseDemo#DECISIONS_TOPIC}.
     */
    public static void create(Admin admin) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = List.of(
                    new NewTopic(ReleaseDemo.EVENTS_TOPIC, ReleaseDemo.PARTITIONS, (short) -1)
                            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")),
                    new NewTopic(ReleaseDemo.DECISIONS_TOPIC, ReleaseDemo.PARTITIONS, (short) -1))
                    .stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create the demo topics: " + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within 30 s while creating the demo topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the demo topics", e);
        }
    }
}
