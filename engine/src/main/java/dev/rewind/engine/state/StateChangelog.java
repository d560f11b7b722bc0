package dev.rewind.engine.state;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.protocol.topics.RewindTopics;
import dev.rewind.protocol.topics.TopicAdmin;
import java.util.Map;

/**
 * The changelog topic of a component version's state: {@code <component>.<version>.state-changelog},
 * compacted, with as many partitions as the version's source topics (which must be co-partitioned:
 * one store serves one partition number of all of them).
 */
public final class StateChangelog {

    /** Suffix of the changelog topic name after the group id. */
    public static final String SUFFIX = RewindTopics.STATE_CHANGELOG_SUFFIX;

    private StateChangelog() {
    }

    /** {@code <component>.<version>.state-changelog}. */
    public static String topicName(ComponentVersion version) {
        return RewindTopics.stateChangelogName(version.groupId());
    }

    /**
     * Creates the changelog topic ({@link RewindTopics#stateChangelog}: compacted, replication {@code min(3, brokers)})
     * unless it exists.
     *
     * @param partitions the number of source partitions
     */
    public static void ensureTopic(Map<String, Object> clientConfig, ComponentVersion version, int partitions) {
        TopicAdmin.ensure(clientConfig, RewindTopics.stateChangelog(version.groupId(), partitions));
    }
}
