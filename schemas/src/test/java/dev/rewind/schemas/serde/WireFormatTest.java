package dev.rewind.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void theHeaderIsAZeroMagicByteAndABigEndianId() {
        assertThat(WireFormat.header(0x01020304)).containsExactly(0, 1, 2, 3, 4);
        assertThat(WireFormat.frame(258, new byte[] {9, 8})).containsExactly(0, 0, 0, 1, 2, 9, 8);
    }

    @Test
    void readsTheIdAndThePayloadBack() {
        byte[] message = WireFormat.frame(Integer.MAX_VALUE, new byte[] {42});

        assertThat(WireFormat.schemaId(message)).isEqualTo(Integer.MAX_VALUE);
        ByteBuffer payload = WireFormat.payload(message);
        assertThat(payload.remaining()).isEqualTo(1);
        assertThat(payload.get()).isEqualTo((byte) 42);
        assertThat(WireFormat.hasHeader(message)).isTrue();
    }

    @Test
    void aWrongMagicByteIsNamedInTheError() {
        byte[] json = "{\"a\":1}".getBytes();

        assertThat(WireFormat.hasHeader(json)).isFalse();
        assertThatThrownBy(() -> WireFormat.schemaId(json))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown magic byte 0x7b");
    }

    @Test
    void aPayloadShorterThanTheHeaderIsRejected() {
        assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("3 bytes is too short").hasMessageContaining("at least 5 bytes");
    }

    @Test
    void nullHasNoSchemaId() {
        assertThatThrownBy(() -> WireFormat.schemaId(null)).isInstanceOf(SerializationException.class);
    }
}
