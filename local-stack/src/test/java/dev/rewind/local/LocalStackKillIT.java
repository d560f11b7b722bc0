package dev.rewind.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.local.DemoAccounting.Accounting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 9: {@code ./rewind up} killed with {@code kill -9} mid-stream and started again on the
 * same home loses nothing, duplicates nothing for a read_committed reader, leaves no {@code run-<uuid>}
 * state directory of the killed run behind, and both demo versions catch up past what was written
 * before the kill. How fast is the benchmark's business ({@code bench}, local-stack benchmark), not a
 * test's: no timing assertion here beyond a generous deadline.
 */
class LocalStackKillIT {

    private static final double RATE = 200;
    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration CATCH_UP = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void aStackKilledMidStreamRestartsWithoutLossDuplicatesOrDebrisAndBothVersionsCatchUp() throws Exception {
        Path home = dir.resolve("home");
        StackProcess.Ports ports = StackProcess.Ports.free();
        Map<TopicPartition, Long> beforeKill;
        List<Path> killedRuns;
        try (StackProcess stack = StackProcess.start(home, ports, RATE, START, List.of());
             Admin admin = admin(stack)) {
            // mid-stream: both versions are committing the generator's traffic when the kill comes
            await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(500)).until(() -> {
                for (String group : DemoAccounting.GROUPS) {
                    if (committedSum(admin, group) < 500) {
                        return false;
                    }
                }
                return true;
            });
            beforeKill = DemoAccounting.sourceEnd(admin);
            killedRuns = StackProcess.runDirectories(home);
            stack.kill9();
        }
        assertThat(killedRuns).as("each version's run directory while it ran").hasSize(2);
        assertThat(killedRuns).as("a kill -9 runs no clean-up: the directories are still there")
                .allMatch(Files::exists);

        try (StackProcess stack = StackProcess.start(home, ports, RATE, START, List.of());
             Admin admin = admin(stack)) {
            await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(250))
                    .until(() -> DemoAccounting.allPast(admin, beforeKill));

            assertThat(killedRuns).as("the killed run's state directories, removed by the restart")
                    .noneMatch(Files::exists);
            assertThat(StackProcess.runDirectories(home)).as("one run directory per running version").hasSize(2);
            Map<TopicPartition, Long> bothCommitted = DemoAccounting.committed(admin, DemoAccounting.GROUPS.get(0));
            DemoAccounting.committed(admin, DemoAccounting.GROUPS.get(1))
                    .forEach((tp, offset) -> bothCommitted.merge(tp, offset, Math::min));
            Accounting accounting = DemoAccounting.account(stack.bootstrapServers(), stack.registryUrl(),
                    bothCommitted);
            assertThat(accounting.records()).as("source records written before the kill and accounted for")
                    .isGreaterThanOrEqualTo(DemoAccounting.sum(beforeKill));
            assertThat(accounting.violations()).as("records without exactly one live outcome or one dead letter")
                    .isEmpty();
            assertThat(accounting.duplicates()).as("live outcomes a read_committed reader sees twice").isZero();
        }
        assertThat(StackProcess.runDirectories(home)).as("run directories after a clean stop").isEmpty();
    }

    private static Admin admin(StackProcess stack) {
        return Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
    }

    private static long committedSum(Admin admin, String group) throws Exception {
        return DemoAccounting.sum(DemoAccounting.committed(admin, group));
    }
}
