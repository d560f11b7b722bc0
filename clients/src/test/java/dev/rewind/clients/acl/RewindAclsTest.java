package dev.rewind.clients.acl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class RewindAclsTest {

    @Test
    void aVersionInstanceGetsNoWildcardAndNoClusterWideRight() {
        List<AclBinding> acls = RewindAcls.versionInstance("User:engine", "release-coordinator", "v2",
                List.of("release.events"), List.of("release.decisions"));
        assertThat(acls).allSatisfy(b -> {
            assertThat(b.pattern().name()).isNotEqualTo("*");
            assertThat(b.pattern().resourceType()).isNotEqualTo(ResourceType.CLUSTER);
            assertThat(b.entry().operation()).isNotEqualTo(AclOperation.ALL);
        });
        assertThat(acls).filteredOn(b -> b.pattern().patternType() == PatternType.PREFIXED)
                .extracting(b -> b.pattern().name()).containsOnly("release-coordinator.v2.");
        assertThat(acls).filteredOn(b -> b.pattern().name().equals("release.events"))
                .extracting(b -> b.entry().operation()).containsExactly(AclOperation.READ);
    }

    @Test
    void theReplayServiceMayOnlyDescribeGroupsAndWritesNoTopicButRewindsAndTheSources() {
        List<AclBinding> acls = RewindAcls.replayService("User:service", List.of("release.events"));
        assertThat(acls).noneMatch(b -> b.pattern().resourceType() == ResourceType.CLUSTER
                || b.entry().operation() == AclOperation.ALL);
        // the one prefix: reading the dead letters (GET /api/v1/components/{c}/dlq)
        assertThat(acls).filteredOn(b -> b.pattern().patternType() == PatternType.PREFIXED)
                .extracting(b -> b.pattern().name() + " " + b.entry().operation()).containsExactly("rewind.dlq. READ");
        assertThat(acls).filteredOn(b -> b.pattern().name().equals("*"))
                .extracting(b -> b.pattern().resourceType() + " " + b.entry().operation())
                .containsExactly("GROUP DESCRIBE");
        assertThat(acls).filteredOn(b -> b.entry().operation() == AclOperation.WRITE)
                .extracting(b -> b.pattern().name())
                .containsExactlyInAnyOrder("rewind.control", "rewind.routes", "rewind.audit", "rewind.rollouts",
                        "rewind-service-rollouts", "release.events");
    }

    @Test
    void theHistoryIndexOnlyReadsWhatItIndexesAndOwnsOnlyItsApplicationsResources() {
        List<AclBinding> acls = RewindAcls.historyIndex("User:history", "rewind-history", List.of("release.events"));
        assertThat(acls).noneMatch(b -> b.pattern().resourceType() == ResourceType.CLUSTER
                || b.entry().operation() == AclOperation.ALL || b.pattern().name().equals("*"));
        assertThat(acls).filteredOn(b -> b.entry().operation() == AclOperation.WRITE)
                .extracting(b -> b.pattern().name()).containsOnly("rewind-history-");
        assertThat(acls).filteredOn(b -> b.pattern().patternType() == PatternType.PREFIXED)
                .extracting(b -> b.pattern().name()).containsOnly("rewind-history-", "rewind.dlq.");
    }

    @Test
    void writesKafkaAclsCommandLines() {
        AclBinding group = RewindAcls.versionInstance("User:engine", "c", "v1", List.of(), List.of()).stream()
                .filter(b -> b.pattern().resourceType() == ResourceType.GROUP).findFirst().orElseThrow();
        assertThat(RewindAcls.kafkaAclsCommand(group)).isEqualTo("kafka-acls.sh --bootstrap-server \"$BOOTSTRAP\""
                + " --command-config \"$ADMIN_CONFIG\" --add --allow-principal \"User:engine\" --operation Read"
                + " --group \"c.v1\"");
    }

    @Test
    void theShippedScriptIsTheOneTheCodeWrites() throws Exception {
        Path script = Path.of("..", "docs", "acls", "rewind-acls.sh");
        if (Boolean.getBoolean("rewind.acls.write")) {
            Files.createDirectories(script.getParent());
            Files.writeString(script, RewindAcls.script());
        }
        assertThat(script).as("regenerate with -Drewind.acls.write=true").hasContent(RewindAcls.script());
    }
}
