package dev.rewind.engine.runtime.internal;

import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.dlq.DlqTopics;
import dev.rewind.engine.outcome.OutcomeTopics;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.state.StateChangelog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks the source topics and creates the topics a version writes to when they are missing:
 * {@code rewind.outcomes}, {@code rewind.dlq.<component>}, the version's dedupe changelog
 * (compacted, and deleted after twice the dedupe window since older entries are never consulted)
 * and its state changelog (compacted).
 */
final class TopicSetup {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TopicSetup() {
    }

    /** The name of a version's dedupe changelog topic. */
    static String dedupeChangelog(EngineConfig config) {
        return config.groupId() + ".dedupe-changelog";
    }

    /**
     * Ensures the topics exist.
     *
     * @return the number of partitions of the dedupe changelog
     * @throws IllegalStateException naming a missing source topic and the fix
     */
    static int ensure(Admin admin, EngineConfig config, Map<String, Object> clientConfig) {
        Map<String, TopicDescription> sources = describe(admin, config.sourceTopics());
        int maxPartitions = sources.values().stream().mapToInt(d -> d.partitions().size()).max().orElse(1);
        List<NewTopic> wanted = new ArrayList<>();
        wanted.add(new NewTopic(OutcomeTopics.OUTCOMES, Optional.of(maxPartitions), Optional.empty()));
        wanted.add(new NewTopic(DlqTopics.of(config.component()), Optional.of(1), Optional.empty()));
        long retention = Math.max(config.dedupeWindow().toMillis() * 2, Duration.ofDays(1).toMillis());
        wanted.add(new NewTopic(dedupeChangelog(config), Optional.of(maxPartitions), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact,delete",
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention))));
        Set<String> existing = create(admin, wanted);
        StateChangelog.ensureTopic(clientConfig, new ComponentVersion(config.component(), config.version()),
                maxPartitions);
        if (!existing.contains(dedupeChangelog(config))) {
            return maxPartitions;
        }
        // created earlier, maybe with another partition count: ask (metadata of old topics is settled)
        return describe(admin, List.of(dedupeChangelog(config))).get(dedupeChangelog(config)).partitions().size();
    }

    /** Creates the topics; returns the names that existed already. */
    private static Set<String> create(Admin admin, List<NewTopic> topics) {
        Set<String> existing = new java.util.HashSet<>();
        admin.createTopics(topics).values().forEach((name, future) -> {
            try {
                future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    existing.add(name);
                } else {
                    throw new IllegalStateException("Cannot create topic " + name + ": " + e.getCause().getMessage()
                            + "; create it by hand or grant the engine CREATE on the cluster", e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating " + name, e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("Timed out creating " + name + "; is the cluster reachable?", e);
            }
        });
        return existing;
    }

    private static Map<String, TopicDescription> describe(Admin admin, List<String> topics) {
        try {
            return admin.describeTopics(Set.copyOf(topics)).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("A topic of " + topics + " does not exist; create it (or fix "
                        + EngineConfig.SOURCE_TOPICS_CONFIG + ")", e.getCause());
            }
            throw new IllegalStateException("Cannot describe topics " + topics + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing " + topics, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out describing " + topics + "; check "
                    + EngineConfig.BOOTSTRAP_SERVERS_CONFIG, e);
        }
    }
}
