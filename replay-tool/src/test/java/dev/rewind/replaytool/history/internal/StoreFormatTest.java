package dev.rewind.replaytool.history.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.replaytool.history.EventRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class StoreFormatTest {

    private final Serde<EventRef> serde = StoreFormat.serde(EventRef.class);
    private final EventRef ref = new EventRef("release.events", 2, 42L, "e-1", "dev.rewind.Committed",
            Instant.parse("2026-01-01T10:00:00Z"));

    @Test
    void aValueIsWrittenWithTheFormatByteAndReadBack() {
        byte[] bytes = serde.serializer().serialize("store", ref);

        assertThat(bytes[0]).isEqualTo(StoreFormat.VERSION);
        assertThat(serde.deserializer().deserialize("store", bytes)).isEqualTo(ref);
    }

    @Test
    void aValueWrittenBeforeTheFormatByteIsReadAsPlainJson() {
        byte[] framed = serde.serializer().serialize("store", ref);
        byte[] legacy = Arrays.copyOfRange(framed, 1, framed.length);

        assertThat(new String(legacy, StandardCharsets.UTF_8)).startsWith("{");

        assertThat(serde.deserializer().deserialize("store", legacy)).isEqualTo(ref);
    }

    @Test
    void aValueOfAnUnknownFormatIsRefusedWithTheFormatNamed() {
        byte[] future = serde.serializer().serialize("store", ref);
        future[0] = 9;

        assertThatThrownBy(() -> serde.deserializer().deserialize("store", future))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("store format 9").hasMessageContaining("history.state.dir");
    }
}
