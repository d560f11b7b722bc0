package dev.rewind.replaytool.history.internal;

import dev.rewind.schemas.registry.InMemorySchemaRegistryClient;
import dev.rewind.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The Confluent wire format (magic byte, schema id, Avro binary) over an in-memory registry of its
 * own, so topology tests need neither a registry server nor a broker.
 */
final class FakeWireFormat {

    private final SchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    /** The registry the encoded values' schema ids refer to. */
    SchemaRegistryClient registry() {
        return registry;
    }

    byte[] encode(GenericRecord record) {
        return encodeDatum(record.getSchema(), record);
    }

    /** Any datum of {@code schema} (a record, a primitive, a collection) in the wire format. */
    byte[] encodeDatum(Schema schema, Object datum) {
        try {
            ByteArrayOutputStream out = header(schema);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>(schema).write(datum, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code bytes} after the header, unframed: how Confluent's serializer writes a {@code "bytes"} schema's value. */
    byte[] encodeRaw(Schema schema, byte[] bytes) {
        ByteArrayOutputStream out = header(schema);
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    private ByteArrayOutputStream header(Schema schema) {
        // one subject per type: the fixtures' types are unrelated, not versions of one another
        String subject = (schema.getType() == Schema.Type.RECORD ? schema.getFullName()
                : schema.getType().getName() + "-" + Integer.toHexString(schema.toString().hashCode())) + "-value";
        int id = registry.register(subject, schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        return out;
    }
}
