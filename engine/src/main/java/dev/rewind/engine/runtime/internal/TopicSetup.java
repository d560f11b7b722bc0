package dev.rewind.engine.runtime.internal;

import dev.rewind.clients.acl.KafkaAccessDenied;
import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.runtime.spi.ClientConfigs;
import dev.rewind.protocol.topics.RewindTopics;
import dev.rewind.protocol.topics.TopicAdmin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks the source topics and ensures the topics a version writes to, as {@link RewindTopics} defines
 * them: {@code rewind.outcomes}, {@code rewind.dlq.<component>}, the version's dedupe changelog
 * (compacted, and deleted after twice the dedupe window since older entries are never consulted)
 * and its state changelog (compacted).
 */
final class TopicSetup {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TopicSetup() {
    }

    /** The name of a version's dedupe changelog topic. */
    static String dedupeChangelog(EngineConfig config) {
        return RewindTopics.dedupeChangelogName(config.groupId());
    }

    /**
     * Ensures the topics exist.
     *
     * @return the number of partitions of the dedupe changelog
     * @throws IllegalStateException naming a missing source topic and the fix
     */
    static int ensure(Admin admin, EngineConfig config) {
        Map<String, TopicDescription> sources = describe(admin, config);
        int maxPartitions = sources.values().stream().mapToInt(d -> d.partitions().size()).max().orElse(1);
        Map<String, Integer> partitions = new TopicAdmin(admin, TIMEOUT).ensure(List.of(
                RewindTopics.outcomes(maxPartitions),
                RewindTopics.dlq(config.component()),
                RewindTopics.dedupeChangelog(config.groupId(), maxPartitions, config.dedupeWindow()),
                RewindTopics.stateChangelog(config.groupId(), maxPartitions)));
        // created earlier, maybe with another partition count: the existing count is the one to use
        return partitions.get(dedupeChangelog(config));
    }

    private static Map<String, TopicDescription> describe(Admin admin, EngineConfig config) {
        List<String> topics = config.sourceTopics();
        try {
            return admin.describeTopics(Set.copyOf(topics)).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("A topic of " + topics + " does not exist; create it (or fix "
                        + EngineConfig.SOURCE_TOPICS_CONFIG + ")", e.getCause());
            }
            // the broker names no topic when it refuses to describe the sources
            KafkaAccessDenied.rethrowIfDenied(e.getCause(), ClientConfigs.access(config).naming(topics));
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
