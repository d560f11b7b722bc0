package dev.rewind.engine.state.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OffsetCheckpointTest {

    private static final TopicPartition CHANGELOG = new TopicPartition("rc.v1.state-changelog", 3);

    @TempDir
    Path dir;

    @Test
    void readsBackWhatItWroteInKafkaStreamsLayout() throws IOException {
        OffsetCheckpoint checkpoint = new OffsetCheckpoint(dir.resolve(".checkpoint"));

        checkpoint.write(Map.of(CHANGELOG, 42L));

        assertThat(checkpoint.read()).containsExactly(Map.entry(CHANGELOG, 42L));
        assertThat(Files.readString(dir.resolve(".checkpoint"))).isEqualTo("0\n1\nrc.v1.state-changelog 3 42\n");
        assertThat(checkpoint.writtenAt()).isPresent();
    }

    @Test
    void aMissingCheckpointReadsAsNone() {
        OffsetCheckpoint checkpoint = new OffsetCheckpoint(dir.resolve(".checkpoint"));

        assertThat(checkpoint.read()).isEmpty();
        assertThat(checkpoint.writtenAt()).isEmpty();
    }

    @Test
    void writesThroughATemporaryFileMovedOverTheOldCheckpoint() throws IOException {
        OffsetCheckpoint checkpoint = new OffsetCheckpoint(dir.resolve(".checkpoint"));
        checkpoint.write(Map.of(CHANGELOG, 1L));
        // a crash between writing the temporary file and moving it leaves the old checkpoint in force
        Files.writeString(dir.resolve(".checkpoint.tmp"), "0\n1\nrc.v1.state-changelog 3 9", StandardCharsets.UTF_8);

        assertThat(checkpoint.read()).containsExactly(Map.entry(CHANGELOG, 1L));

        checkpoint.write(Map.of(CHANGELOG, 7L));

        assertThat(checkpoint.read()).containsExactly(Map.entry(CHANGELOG, 7L));
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve(".checkpoint"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0\n", "0\n2\nrc.v1.state-changelog 3 42\n", "1\n1\nrc.v1.state-changelog 3 42\n",
        "0\n1\nrc.v1.state-changelog 3\n", "0\n1\nrc.v1.state-changelog 3 forty-two\n",
        "0\n1\nrc.v1.state-changelog 3 -4\n", "zero\n1\nrc.v1.state-changelog 3 42\n", "\u0000\u0000\u0000"})
    void aCorruptCheckpointReadsAsNoneSoTheStoreIsRestoredInFull(String content) throws IOException {
        Files.writeString(dir.resolve(".checkpoint"), content, StandardCharsets.UTF_8);

        assertThat(new OffsetCheckpoint(dir.resolve(".checkpoint")).read()).isEmpty();
    }

    @Test
    void refusesNegativeOffsetsAndKeepsTheOldCheckpoint() {
        OffsetCheckpoint checkpoint = new OffsetCheckpoint(dir.resolve(".checkpoint"));
        checkpoint.write(Map.of(CHANGELOG, 5L));

        assertThatThrownBy(() -> checkpoint.write(Map.of(CHANGELOG, -1L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThat(checkpoint.read()).containsExactly(Map.entry(CHANGELOG, 5L));
    }

    @Test
    void deleteRemovesTheCheckpointAndALeftoverTemporaryFile() throws IOException {
        OffsetCheckpoint checkpoint = new OffsetCheckpoint(dir.resolve(".checkpoint"));
        checkpoint.write(Map.of(CHANGELOG, 5L));
        Files.writeString(dir.resolve(".checkpoint.tmp"), "torn");

        checkpoint.delete();
        checkpoint.delete();

        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
