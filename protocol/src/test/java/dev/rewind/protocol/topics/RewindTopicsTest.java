package dev.rewind.protocol.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class RewindTopicsTest {

    @Test
    void theProtocolLogsAreSingleCompactedPartitions() {
        for (TopicDefinition log : new TopicDefinition[] {RewindTopics.routes(), RewindTopics.control(),
                RewindTopics.audit(), RewindTopics.rollouts(), RewindTopics.schemas(RewindTopics.SCHEMAS)}) {
            assertThat(log.partitions()).isEqualTo(1);
            assertThat(log.singlePartitionLog()).isTrue();
            assertThat(log.compacted()).isTrue();
        }
        assertThat(RewindTopics.control().name()).isEqualTo("rewind.control");
        assertThat(RewindTopics.audit().name()).isEqualTo("rewind.audit");
        assertThat(RewindTopics.rollouts().name()).isEqualTo("rewind.rollouts");
    }

    @Test
    void replicationIsAtMostThreeAndMinInsyncOneLess() {
        assertThat(TopicAdmin.replicationFactor(1)).isEqualTo((short) 1);
        assertThat(TopicAdmin.replicationFactor(2)).isEqualTo((short) 2);
        assertThat(TopicAdmin.replicationFactor(7)).isEqualTo((short) 3);
        assertThat(TopicAdmin.minInsyncReplicas((short) 1)).isEqualTo(1);
        assertThat(TopicAdmin.minInsyncReplicas((short) 3)).isEqualTo(2);
    }

    @Test
    void dedupeChangelogIsDeletedAfterTwiceTheWindowButNotBeforeADay() {
        assertThat(RewindTopics.dedupeChangelog("c.v1", 3, Duration.ofDays(2)).configs())
                .containsEntry(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(4).toMillis()))
                .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact,delete");
        assertThat(RewindTopics.dedupeChangelog("c.v1", 3, Duration.ofMinutes(10)).configs())
                .containsEntry(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(1).toMillis()));
    }

    @Test
    void versionTopicsNeedAGroupIdOfComponentAndVersion() {
        assertThat(RewindTopics.stateChangelogName("release-coordinator.v2"))
                .isEqualTo("release-coordinator.v2.state-changelog");
        assertThatThrownBy(() -> RewindTopics.stateChangelogName("no-version"))
                .hasMessageContaining("'no-version'").hasMessageContaining("<component>.<version>");
    }

    @Test
    void aSinglePartitionLogCannotBeDefinedWithMorePartitions() {
        assertThatThrownBy(() -> new TopicDefinition("x", 2, java.util.Map.of(), true))
                .hasMessageContaining("single-partition log");
    }
}
