package dev.rewind.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.schemas.registry.InMemorySchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.apache.avro.Schema;
import org.apache.avro.SystemLimitException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroLimitsTest {

    private static final Schema WITH_ARRAY = new Schema.Parser().parse("""
            {"type": "record", "name": "Tagged", "namespace": "test", "fields": [
              {"name": "tags", "type": {"type": "array", "items": "null"}}]}""");
    private static final Schema WITH_STRING = new Schema.Parser().parse("""
            {"type": "record", "name": "Named", "namespace": "test", "fields": [
              {"name": "name", "type": "string"}]}""");

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void aValueDeclaringTwoBillionArrayItemsFailsAsABadValueWithoutAllocatingThem() {
        int id = registry.register("t-value", WITH_ARRAY);
        // the count 2,147,483,639 as a zig-zag varint, as in the reported 23-byte record
        byte[] message = wire(id, HexFormat.of().parseHex("eeffffff0f"));

        assertThatThrownBy(() -> new AvroDeserializer(registry).deserialize("t", message))
                .isInstanceOf(SerializationException.class)
                .hasRootCauseInstanceOf(SystemLimitException.class)
                .hasMessageContaining("test.Tagged");
    }

    @Test
    void aValueDeclaringAGigabyteStringFailsAsABadValue() {
        int id = registry.register("t-value", WITH_STRING);
        // length 1,073,741,824 as a zig-zag varint, followed by nothing
        byte[] message = wire(id, HexFormat.of().parseHex("8080808008"));

        assertThatThrownBy(() -> new AvroDeserializer(registry).deserialize("t", message))
                .isInstanceOf(SerializationException.class)
                .hasRootCauseInstanceOf(SystemLimitException.class);
    }

    @Test
    void installingKeepsALimitTheOperatorSet() {
        AvroLimits.install();
        String before = System.getProperty(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY);
        System.setProperty(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, "5");
        try {
            AvroLimits.install();
            int id = registry.register("t-value", WITH_ARRAY);

            assertThatThrownBy(() -> new AvroDeserializer(registry).deserialize("t", wire(id, new byte[] {12, 0})))
                    .isInstanceOf(SerializationException.class);
            assertThat(new AvroDeserializer(registry).deserialize("t", wire(id, new byte[] {10, 0})))
                    .hasToString("{\"tags\": [null, null, null, null, null]}");
        } finally {
            System.setProperty(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, before);
            AvroLimits.install();
        }
    }

    private static byte[] wire(int id, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        out.writeBytes(body);
        return out.toByteArray();
    }
}
