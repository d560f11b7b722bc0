package dev.rewind.schemas.serde;

import dev.rewind.schemas.registry.SchemaRegistryClient;
import dev.rewind.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads values in the schema registry wire format ({@link WireFormat}) written by
 * {@link AvroSerializer} or by Confluent's serializers.
 *
 * <p>The writer's schema is fetched by the id in the message (and cached). The value is read with a
 * reader schema resolved against it by Avro's schema resolution, so fields added with defaults,
 * removed fields and promoted types work: the reader schema is {@code avro.reader.schema} when set,
 * else with {@code specific.avro.reader=true} the schema of the generated class of the writer's
 * record name, else the writer's schema itself. Records come back as SpecificRecords with
 * {@code specific.avro.reader=true}, as GenericRecords otherwise (strings then are Avro
 * {@code Utf8}, timestamps longs, as with Confluent's deserializer). Null bytes give null.
 *
 * <p>What one value may declare (string and bytes lengths, collection items) is bounded by
 * {@link AvroLimits}; a value over a limit, or one whose decoding runs out of heap or stack, fails
 * with a {@link SerializationException} like any other bad value, never with an {@link Error}.
 *
 * <p>Thread-safe once configured. Every failure is a Kafka {@link SerializationException} naming
 * what is wrong: bad magic byte, too-short payload, unknown schema id, missing class, bad data.
 */
public class AvroDeserializer implements Deserializer<Object> {

    static {
        AvroLimits.install();
    }

    private SchemaRegistryClient client;
    private boolean specificReader;
    private Schema readerSchema;
    private final Map<Integer, DatumReader<Object>> readersById = new ConcurrentHashMap<>();

    /** For Kafka, which calls {@link #configure} next. */
    public AvroDeserializer() {
    }

    /** A value deserializer with default settings (GenericRecord, writer's schema) using {@code client}. */
    public AvroDeserializer(SchemaRegistryClient client) {
        this(client, Map.of(), false);
    }

    /** A configured deserializer using {@code client} instead of one built from {@code schema.registry.url}. */
    public AvroDeserializer(SchemaRegistryClient client, Map<String, ?> configs, boolean isKey) {
        this.client = Objects.requireNonNull(client, "client");
        configure(configs, isKey);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        this.specificReader = config.getBoolean(AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG);
        this.readerSchema = config.readerSchema();
        if (client == null) {
            client = config.createRegistryClient();
        }
    }

    @Override
    public Object deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("AvroDeserializer used before configure(); pass it settings first");
        }
        int id = WireFormat.schemaId(data);
        Schema writer = writerSchema(id, topic);
        if (writer.getType() == Schema.Type.BYTES) {
            // Confluent writes a bytes primitive raw, without Avro's length prefix
            return Arrays.copyOfRange(data, WireFormat.HEADER_SIZE, data.length);
        }
        DatumReader<Object> reader = readersById.computeIfAbsent(id, k -> readerFor(writer, topic));
        try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE,
                    data.length - WireFormat.HEADER_SIZE, null));
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | ClassCastException
                 | UnsupportedOperationException e) {
            // Avro throws UnsupportedOperationException for a declared length beyond what the VM can allocate
            throw new SerializationException("could not read an Avro " + writer.getFullName() + " (schema id " + id
                    + ") of " + data.length + " bytes from topic " + topic + ": the payload does not match the "
                    + "writer's schema or is truncated (" + e + ")", e);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // A declared size under the limits can still be too much for this heap, and a deeply
            // nested value too much for this stack: either fails this value, not the reader's thread.
            throw new SerializationException("could not read an Avro " + writer.getFullName() + " (schema id " + id
                    + ") of " + data.length + " bytes from topic " + topic + ": decoding it needs more memory or stack"
                    + " than this process has (" + e + "); lower the limits of " + AvroLimits.class.getSimpleName(), e);
        }
    }

    private Schema writerSchema(int id, String topic) {
        try {
            return client.getById(id);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                throw new SerializationException("unknown schema id " + id + " in a message from topic " + topic
                        + ": the registry has no such schema; is the consumer using the same registry as the "
                        + "producer (schema.registry.url)? Registry said: " + e.getMessage(), e);
            }
            throw new SerializationException("could not fetch schema id " + id + " for a message from topic " + topic
                    + ": " + e.getMessage(), e);
        }
    }

    private DatumReader<Object> readerFor(Schema writer, String topic) {
        if (!specificReader) {
            return new GenericDatumReader<>(writer, readerSchema != null ? readerSchema : writer, GenericData.get());
        }
        Class<?> type = SpecificData.get().getClass(readerSchema != null ? readerSchema : writer);
        if (isRecordLike(writer) && (type == null || !org.apache.avro.specific.SpecificRecord.class.isAssignableFrom(type)
                && !type.isEnum())) {
            throw new SerializationException(AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG + " is true but there is no "
                    + "generated class " + (readerSchema != null ? readerSchema : writer).getFullName()
                    + " on the classpath for a message from topic " + topic + "; add the generated class or set "
                    + AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG + "=false to get GenericRecords");
        }
        SpecificData data = type == null ? SpecificData.get() : SpecificData.getForClass(type);
        Schema reader = readerSchema != null ? readerSchema
                : type != null && isRecordLike(writer) ? data.getSchema(type) : writer;
        return new SpecificDatumReader<>(writer, reader, data);
    }

    private static boolean isRecordLike(Schema schema) {
        return schema.getType() == Schema.Type.RECORD || schema.getType() == Schema.Type.ENUM
                || schema.getType() == Schema.Type.FIXED;
    }

    @Override
    public void close() {
        readersById.clear();
    }
}
