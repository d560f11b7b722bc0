package dev.rewind.replaytool.history;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;

/**
 * Where {@code POST /api/v1/events} may write (invariant 9: only rewind writes rewind's topics):
 * an existing event source topic, that is one the history index reads or one a known component's
 * consumer group consumes, and never
 * <ul>
 *   <li>a name Kafka refuses ({@link Topic#validate(String)}: empty, {@code .} or {@code ..}, longer
 *       than 249 characters, characters other than ASCII letters, digits, {@code .}, {@code _},
 *       {@code -});</li>
 *   <li>rewind's own topics ({@code rewind.*}: routes, control, outcomes, dead letters, changelogs),
 *       the registry's store ({@code _schemas}), Kafka's internal topics ({@code __*}, such as
 *       {@code __consumer_offsets}), or any other name starting with {@code _} (by convention the
 *       internal topics of Confluent and Connect tools);</li>
 *   <li>a topic that does not exist: ingestion never creates topics (a producer's metadata request
 *       would let a broker with {@code auto.create.topics.enable} create it).</li>
 * </ul>
 * Every refusal is a {@link EventIngestor.RejectedException} on field {@code topic} naming the rule.
 * Thread-safe.
 */
public final class IngestTopics {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;
    private final Pattern indexedSources;
    private final Supplier<Set<String>> componentSources;

    /**
     * @param admin            the cluster's admin client, to see whether a topic exists (not closed here)
     * @param indexedSources   the source topics the history index reads
     * @param componentSources the topics consumed by known components' groups, asked per refusal
     */
    public IngestTopics(Admin admin, Pattern indexedSources, Supplier<Set<String>> componentSources) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.indexedSources = Objects.requireNonNull(indexedSources, "indexedSources");
        this.componentSources = Objects.requireNonNull(componentSources, "componentSources");
    }

    /** Whether a topic name is rewind's, the registry's or Kafka's own, which no API caller may write. */
    public static boolean isReserved(String topic) {
        return topic.startsWith("rewind.") || topic.startsWith("_") || Topic.isInternal(topic);
    }

    /**
     * Checks that events may be ingested into {@code topic}.
     *
     * @throws EventIngestor.RejectedException naming the rule the topic breaks
     */
    public void check(String topic) {
        try {
            Topic.validate(topic);
        } catch (InvalidTopicException e) {
            throw new EventIngestor.RejectedException("'" + topic + "' is not a valid Kafka topic name: "
                    + e.getMessage(), "topic");
        }
        if (isReserved(topic)) {
            throw new EventIngestor.RejectedException("topic " + topic + " is rewind's, the schema registry's or"
                    + " Kafka's own; events are ingested only into source topics", "topic");
        }
        if (!indexedSources.matcher(topic).matches() && !componentSources.get().contains(topic)) {
            throw new EventIngestor.RejectedException("topic " + topic + " is not a source topic: ingest writes only"
                    + " to topics the history index reads (history.source.topics) or a component's consumer group"
                    + " consumes", "topic");
        }
        if (!exists(topic)) {
            throw new EventIngestor.RejectedException("topic " + topic + " does not exist; rewind never creates"
                    + " topics: create it first", "topic");
        }
    }

    private boolean exists(String topic) {
        try {
            admin.describeTopics(Set.of(topic), new DescribeTopicsOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw new IllegalStateException("could not look up topic " + topic + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not look up topic " + topic + " within " + TIMEOUT.toSeconds()
                    + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up topic " + topic, e);
        }
    }
}
