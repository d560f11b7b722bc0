package dev.rewind.registry.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.rewind.registry.internal.Mode;
import dev.rewind.registry.internal.compat.CompatibilityLevel;

class LogCodecTest {

    @Test
    void keysAreShapedLikeConfluentsOwn() {
        assertThat(LogCodec.schema(new StoredVersion("users-value", 3, 7, "\"string\"", false)).key())
                .isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"users-value\",\"version\":3,\"magic\":1}");
        assertThat(LogCodec.config(null, CompatibilityLevel.FULL).key())
                .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}");
        assertThat(LogCodec.mode(null, Mode.READONLY).value()).isEqualTo("{\"mode\":\"READONLY\"}");
    }

    @Test
    void decodesWhatItEncodes() {
        StoredVersion stored = new StoredVersion("users-value", 3, 7, "\"string\"", true);
        LogEntry entry = LogCodec.schema(stored);

        assertThat(LogCodec.decode(new LogRecord(0, entry.key(), entry.value())))
                .isEqualTo(new LogCodec.SchemaChange("users-value", 3, stored));
        LogEntry config = LogCodec.config("users-value", CompatibilityLevel.NONE);
        assertThat(LogCodec.decode(new LogRecord(1, config.key(), config.value())))
                .isEqualTo(new LogCodec.ConfigChange("users-value", CompatibilityLevel.NONE));
        LogEntry tombstone = LogCodec.schemaTombstone("users-value", 3);
        assertThat(LogCodec.decode(new LogRecord(2, tombstone.key(), null)))
                .isEqualTo(new LogCodec.SchemaChange("users-value", 3, null));
    }
}
