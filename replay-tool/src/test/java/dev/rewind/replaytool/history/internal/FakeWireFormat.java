package dev.rewind.replaytool.history.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The Confluent wire format (magic byte, schema id, Avro binary) over an in-memory schema table, so
 * topology tests need neither a registry nor a broker.
 */
final class FakeWireFormat {

    private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
    private final Map<Schema, Integer> ids = new ConcurrentHashMap<>();

    byte[] encode(GenericRecord record) {
        int id = ids.computeIfAbsent(record.getSchema(), s -> {
            int next = ids.size() + 1;
            byId.put(next, s);
            return next;
        });
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

    Deserializer<Object> deserializer() {
        return (topic, bytes) -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            if (buffer.get() != 0) {
                throw new IllegalArgumentException("unknown magic byte");
            }
            Schema schema = byId.get(buffer.getInt());
            try {
                return new GenericDatumReader<GenericRecord>(schema).read(null,
                        DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
