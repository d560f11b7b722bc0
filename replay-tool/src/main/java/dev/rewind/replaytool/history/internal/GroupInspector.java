package dev.rewind.replaytool.history.internal;

import dev.rewind.engine.processor.ComponentVersion;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/** What the consumer groups {@code <component>.<version>} say: which versions exist and how many run. */
public final class GroupInspector {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final Admin admin;
    private final ConsumerLag lag;

    public GroupInspector(Admin admin) {
        this.admin = admin;
        this.lag = new ConsumerLag(admin);
    }

    /** Versions of {@code component} that have a consumer group. */
    public Set<String> versions(String component) {
        Collection<GroupListing> groups = await(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all());
        Set<String> versions = new TreeSet<>();
        for (GroupListing g : groups) {
            try {
                ComponentVersion cv = ComponentVersion.parse(g.groupId());
                if (cv.component().equals(component)) {
                    versions.add(cv.version());
                }
            } catch (IllegalArgumentException notAComponentGroup) {
                // other applications' groups share the cluster
            }
        }
        return versions;
    }

    /** Live members of the version's group; 0 when the group does not exist. */
    public int instances(String component, String version) {
        String group = new ComponentVersion(component, version).groupId();
        try {
            Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(Set.of(group)).all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return described.get(group).members().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0;
            }
            throw new IllegalStateException("Kafka did not describe group " + group + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Per-partition lag of the version's group. */
    public java.util.List<ConsumerLag.PartitionLag> lag(String component, String version) {
        return lag.of(new ComponentVersion(component, version).groupId());
    }

    private static <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not answer: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
