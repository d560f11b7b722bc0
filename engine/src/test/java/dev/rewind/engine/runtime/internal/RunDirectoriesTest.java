package dev.rewind.engine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoriesTest {

    /** A separate JVM that locks a run's lock file and waits to be killed. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                channel.lock();
                System.out.println("locked");
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
        }
    }

    @Test
    void aRunKilledWithSigkillLeavesADirectoryTheNextRunDeletes(@TempDir Path parent) throws Exception {
        Path killed = Files.createDirectories(parent.resolve("run-killed").resolve("state"));
        Files.writeString(killed.resolve("000042.sst"), "rocksdb data");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(),
                parent.resolve("run-killed").resolve(".lock").toString()).redirectErrorStream(true).start();
        try {
            assertThat(new String(holder.getInputStream().readNBytes(6))).isEqualTo("locked");

            try (RunDirectories.Run alive = RunDirectories.create(parent)) {
                assertThat(parent.resolve("run-killed")).as("its owner is alive").exists();
                assertThat(alive.directory()).exists();
            }
            holder.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            await().atMost(Duration.ofSeconds(30)).until(() -> !holder.isAlive());

            try (RunDirectories.Run next = RunDirectories.create(parent)) {
                assertThat(parent.resolve("run-killed")).doesNotExist();
                assertThat(next.directory()).exists().hasParent(parent);
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aRunInThisJvmIsNeverDeletedAndClosingARunDeletesItsDirectory(@TempDir Path parent) throws IOException {
        try (RunDirectories.Run first = RunDirectories.create(parent);
             RunDirectories.Run second = RunDirectories.create(parent)) {
            assertThat(first.directory()).exists();
            assertThat(second.directory()).exists().isNotEqualTo(first.directory());
            Path leftOver = Files.createDirectories(parent.resolve("run-without-lock"));

            try (RunDirectories.Run third = RunDirectories.create(parent)) {
                assertThat(leftOver).as("a run directory nobody locks").doesNotExist();
                assertThat(first.directory()).exists();
                assertThat(third.directory()).exists();
            }
        }
        try (var left = Files.list(parent)) {
            assertThat(left).isEmpty();
        }
    }
}
