package dev.rewind.replaytool.history.internal;

import dev.rewind.schemas.registry.InMemorySchemaRegistryClient;
import dev.rewind.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
        // one subject per record type: the fixtures' types are unrelated, not versions of one another
        int id = registry.register(record.getSchema().getFullName() + "-value", record.getSchema());
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.write(ByteBuffer.allocate(4).putInt(id).array());
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
