package dev.rewind.replaytool.components;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.replaytool.Rejection;
import dev.rewind.api.events.PartitionLag;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * What Kafka knows about components: versions are consumer groups named
 * {@code <component>.<version>} (plus versions named in routes and channels); a version runs when
 * its group has members; a component's source topics are those its groups consume.
 *
 * <p>The service's one consumer-group inspector (replay checks, the components list, the history
 * API's instances and lag). Every call asks the cluster (no cache): the service is stateless apart
 * from Kafka. Failures to reach Kafka are {@link Rejection.Unavailable}. Thread-safe.
 */
public final class ComponentCatalog {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;
    private final Function<String, Set<String>> routedVersions;

    /**
     * @param admin the cluster's admin client (not closed by the catalog)
     * @param routedVersions versions a component's routes and channels name, by component
     */
    public ComponentCatalog(Admin admin, Function<String, Set<String>> routedVersions) {
        this.admin = admin;
        this.routedVersions = routedVersions;
    }

    /** Versions by component: from consumer groups and from routes of the given components. */
    public Map<String, Set<String>> components(Collection<String> routedComponents) {
        Map<String, Set<String>> result = new TreeMap<>();
        for (ComponentVersion cv : groupVersions()) {
            result.computeIfAbsent(cv.component(), c -> new TreeSet<>()).add(cv.version());
        }
        for (String component : routedComponents) {
            result.computeIfAbsent(component, c -> new TreeSet<>()).addAll(routedVersions.apply(component));
        }
        return result;
    }

    /** The versions of one component; empty when nothing knows it. */
    public Set<String> versions(String component) {
        Set<String> versions = new TreeSet<>(routedVersions.apply(component));
        groupVersions().stream().filter(cv -> cv.component().equals(component))
                .forEach(cv -> versions.add(cv.version()));
        return versions;
    }

    /** The versions of one component that have a consumer group (routes not asked). */
    public Set<String> groupVersions(String component) {
        Set<String> versions = new TreeSet<>();
        groupVersions().stream().filter(cv -> cv.component().equals(component)).forEach(cv -> versions.add(cv.version()));
        return versions;
    }

    /**
     * Consumer lag of the version's group per partition it has committed offsets for, sorted by
     * topic and partition: the last stable offset (what a read_committed consumer can reach) minus
     * the committed offset. Empty when the group does not exist.
     */
    public List<PartitionLag> lag(ComponentVersion version) {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(version.groupId()).partitionsToOffsetAndMetadata()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of();
            }
            throw unavailable(e.getCause());
        } catch (TimeoutException e) {
            throw unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        committed.forEach((tp, offset) -> {
            if (offset != null) {
                request.put(tp, OffsetSpec.latest());
            }
        });
        if (request.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, ListOffsetsResultInfo> ends = await(admin.listOffsets(request,
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all());
        List<PartitionLag> lags = new ArrayList<>();
        ends.forEach((tp, end) -> {
            long at = committed.get(tp).offset();
            lags.add(new PartitionLag(tp.topic(), tp.partition(), at, end.offset(), Math.max(0, end.offset() - at)));
        });
        lags.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
        return lags;
    }

    /** Number of live members of the version's consumer group (0 when the group does not exist). */
    public int members(ComponentVersion version) {
        return describe(version).map(d -> d.members().size()).orElse(0);
    }

    /** The source partitions the version's group consumes: committed or currently assigned. */
    public Set<TopicPartition> sourcePartitions(ComponentVersion version) {
        Set<TopicPartition> result = new TreeSet<>(
                java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        result.addAll(await(admin.listConsumerGroupOffsets(version.groupId()).partitionsToOffsetAndMetadata())
                .keySet());
        describe(version).ifPresent(d -> {
            for (MemberDescription m : d.members()) {
                result.addAll(m.assignment().topicPartitions());
            }
        });
        result.removeIf(tp -> tp.topic().startsWith("rewind.") || tp.topic().startsWith("__"));
        return result;
    }

    /** The source partitions of every known version of the component. */
    public Set<TopicPartition> componentPartitions(String component) {
        Set<TopicPartition> result = new java.util.HashSet<>();
        for (ComponentVersion cv : groupVersions()) {
            if (cv.component().equals(component)) {
                result.addAll(sourcePartitions(cv));
            }
        }
        return result;
    }

    /**
     * The earliest event time from which every source partition of the component still holds all
     * its events, decided per partition from what was actually deleted: a partition whose log start
     * offset is 0 lost nothing and sets no bound; a truncated one ({@code Admin.listOffsets} with
     * {@link OffsetSpec#earliest()} above 0) holds everything from the earlier of
     * <ul>
     *   <li>its first retained record's timestamp (records before it are gone; a deleted record may
     *       be as new as that), and</li>
     *   <li>{@code now - retention.ms} when its topic deletes by time ({@code cleanup.policy} with
     *       {@code delete} and a {@code retention.ms} of at least 0): Kafka deletes a segment only once
     *       its newest timestamp is older than that (Kafka's log retention, {@code retention.ms}), so on
     *       a quiet partition a new record after an old deleted one does not hide the window between
     *       them.</li>
     * </ul>
     * The answer is the latest of those per-partition bounds; empty when no partition lost anything.
     * A truncated partition with nothing retained bounds by the retention alone, or by {@code now}
     * without time retention (every record it had is gone, {@code deleteRecords} or size retention
     * may have deleted any of them). Records removed by {@code deleteRecords} from a topic with time
     * retention are taken for retention's.
     */
    public Optional<Instant> earliestAvailable(String component) {
        Set<TopicPartition> partitions = componentPartitions(component);
        if (partitions.isEmpty()) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        Map<TopicPartition, ListOffsetsResultInfo> starts = listOffsets(partitions, OffsetSpec.earliest());
        Set<TopicPartition> truncated = new java.util.HashSet<>();
        starts.forEach((tp, info) -> {
            if (info.offset() > 0) {
                truncated.add(tp);
            }
        });
        if (truncated.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Optional<Duration>> retention = timeRetention(truncated);
        Map<TopicPartition, ListOffsetsResultInfo> firsts = listOffsets(truncated, OffsetSpec.forTimestamp(0));
        Instant latest = null;
        for (TopicPartition tp : truncated) {
            ListOffsetsResultInfo first = firsts.get(tp);
            Optional<Instant> retained = first != null && first.offset() >= 0 && first.timestamp() >= 0
                    ? Optional.of(Instant.ofEpochMilli(first.timestamp())) : Optional.empty();
            Optional<Instant> byRetention = retention.get(tp.topic()).map(now::minus);
            Instant bound = retained.isPresent() && byRetention.isPresent()
                    ? (retained.get().isBefore(byRetention.get()) ? retained.get() : byRetention.get())
                    : retained.or(() -> byRetention).orElse(now);
            if (latest == null || bound.isAfter(latest)) {
                latest = bound;
            }
        }
        return Optional.ofNullable(latest);
    }

    /** Per topic, its {@code retention.ms} when it deletes by time; empty for compacted-only or infinite retention. */
    private Map<String, Optional<Duration>> timeRetention(Set<TopicPartition> partitions) {
        Set<org.apache.kafka.common.config.ConfigResource> topics = new java.util.HashSet<>();
        partitions.forEach(tp -> topics.add(new org.apache.kafka.common.config.ConfigResource(
                org.apache.kafka.common.config.ConfigResource.Type.TOPIC, tp.topic())));
        Map<String, Optional<Duration>> result = new HashMap<>();
        await(admin.describeConfigs(topics).all()).forEach((resource, config) -> {
            var policy = config.get(org.apache.kafka.common.config.TopicConfig.CLEANUP_POLICY_CONFIG);
            var ms = config.get(org.apache.kafka.common.config.TopicConfig.RETENTION_MS_CONFIG);
            boolean deletes = policy != null && policy.value() != null && policy.value().contains("delete");
            long millis = ms == null || ms.value() == null ? -1 : Long.parseLong(ms.value());
            result.put(resource.name(), deletes && millis >= 0 ? Optional.of(Duration.ofMillis(millis)) : Optional.empty());
        });
        return result;
    }

    private Map<TopicPartition, ListOffsetsResultInfo> listOffsets(Set<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        return await(admin.listOffsets(request).all());
    }

    private Set<ComponentVersion> groupVersions() {
        Collection<GroupListing> groups = await(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all());
        Set<ComponentVersion> result = new java.util.HashSet<>();
        for (GroupListing g : groups) {
            try {
                result.add(ComponentVersion.parse(g.groupId()));
            } catch (IllegalArgumentException notOurs) {
                // groups of other applications share the cluster; they are not component versions
            }
        }
        return result;
    }

    private Optional<ConsumerGroupDescription> describe(ComponentVersion version) {
        try {
            return Optional.of(admin.describeConsumerGroups(Set.of(version.groupId())).all()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(version.groupId()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Optional.empty();
            }
            throw unavailable(e.getCause());
        } catch (TimeoutException e) {
            throw unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
    }

    private static <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw unavailable(e.getCause());
        } catch (TimeoutException e) {
            throw unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
    }

    private static RuntimeException unavailable(Throwable cause) {
        return Rejection.unavailable("Kafka did not answer (" + cause.getClass().getSimpleName()
                + ": " + cause.getMessage() + "); check that the cluster is reachable and retry.", cause);
    }
}
