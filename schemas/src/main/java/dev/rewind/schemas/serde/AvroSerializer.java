package dev.rewind.schemas.serde;

import dev.rewind.schemas.registry.RegisteredSchema;
import dev.rewind.schemas.registry.SchemaRegistryClient;
import dev.rewind.schemas.registry.SchemaRegistryException;
import dev.rewind.schemas.serde.internal.AvroData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro values in the schema registry wire format ({@link WireFormat}), compatible with
 * Confluent's {@code KafkaAvroSerializer}.
 *
 * <p>Accepts SpecificRecords, GenericRecords and the primitives Confluent accepts (string, int,
 * long, float, double, boolean, bytes). The subject comes from the configured
 * {@link SubjectNameStrategy}; the schema id from registering the value's schema
 * ({@code auto.register.schemas=true}, default), from looking it up ({@code false}), or from the
 * subject's latest version ({@code use.latest.version=true}). A null value is written as null.
 *
 * <p>Created by Kafka from its class name (then {@link #configure} is called), or directly with a
 * client and settings. Thread-safe once configured: a producer may call it from several threads.
 * Every failure is a Kafka {@link SerializationException} naming the topic, subject and cause.
 */
public class AvroSerializer implements Serializer<Object> {

    private static final int MAX_KEPT_BUFFER = 64 * 1024;
    private static final ThreadLocal<Buffer> BUFFER = ThreadLocal.withInitial(Buffer::create);

    private SchemaRegistryClient client;
    private boolean isKey;
    private SubjectNameStrategy strategy;
    private boolean autoRegister;
    private boolean useLatest;
    private long latestTtlMillis;
    private final Map<String, CachedLatest> latestBySubject = new ConcurrentHashMap<>();
    private final Map<WriterKey, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
    /**
     * What the last value was written with: a producer writes runs of one topic and schema, and the
     * subject name, id and writer look-ups (a subject string, two keys and two hash look-ups per record)
     * showed in the engine's live-path profile. Not used with {@code use.latest.version}.
     */
    private volatile Target lastTarget;
    /**
     * Ids by subject and schema instance: the registry client caches by the schema's text, and
     * {@link Schema#toString()} per record was most of the engine's live-path CPU (bench/results/profiles.md).
     * A Schema caches its hash code and compares equal to itself first, so a hit costs no rendering.
     */
    private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
    /** More distinct (subject, schema) pairs than this and the map starts over: schemas built per record must not leak. */
    static final int MAX_CACHED_IDS = 1_000;

    /** For Kafka, which calls {@link #configure} next. */
    public AvroSerializer() {
    }

    /** A value serializer with default settings using {@code client}. */
    public AvroSerializer(SchemaRegistryClient client) {
        this(client, Map.of(), false);
    }

    /** A configured serializer using {@code client} instead of one built from {@code schema.registry.url}. */
    public AvroSerializer(SchemaRegistryClient client, Map<String, ?> configs, boolean isKey) {
        this.client = Objects.requireNonNull(client, "client");
        configure(configs, isKey);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        this.isKey = isKey;
        this.strategy = config.subjectNameStrategy(isKey);
        this.autoRegister = config.getBoolean(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG);
        this.useLatest = config.getBoolean(AvroSerdeConfig.USE_LATEST_VERSION_CONFIG);
        this.latestTtlMillis = config.getLong(AvroSerdeConfig.LATEST_CACHE_TTL_SEC_CONFIG) * 1000;
        this.lastTarget = null;
        if (client == null) {
            client = config.createRegistryClient();
        }
    }

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("AvroSerializer used before configure(); pass it settings first");
        }
        Schema schema = AvroData.schemaOf(data);
        Target last = lastTarget;
        if (last != null && last.schema() == schema && last.type() == data.getClass()
                && Objects.equals(last.topic(), topic)) {
            return encode(topic, last.subject(), last.id(), schema, data, last.writer());
        }
        String subject = strategy.subjectName(topic, isKey, schema);
        int id;
        if (useLatest) {
            RegisteredSchema latest = latest(subject, topic);
            id = latest.id();
            schema = latest.schema();
        } else {
            id = idFor(subject, schema, topic);
        }
        DatumWriter<Object> writer = schema.getType() == Schema.Type.BYTES ? null
                : writers.computeIfAbsent(new WriterKey(schema, data.getClass()),
                        k -> AvroData.writerFor(k.schema(), k.type()));
        if (!useLatest) {
            // the latest version can change, the id of a (subject, schema) cannot
            lastTarget = new Target(topic, schema, data.getClass(), subject, id, writer);
        }
        return encode(topic, subject, id, schema, data, writer);
    }

    private int idFor(String subject, Schema schema, String topic) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = ids.get(key);
        if (cached != null) {
            return cached;
        }
        int id = registeredId(subject, schema, topic);
        if (ids.size() >= MAX_CACHED_IDS) {
            ids.clear();
        }
        ids.put(key, id);
        return id;
    }

    private int registeredId(String subject, Schema schema, String topic) {
        try {
            return autoRegister ? client.register(subject, schema) : client.lookup(subject, schema).id();
        } catch (SchemaRegistryException e) {
            if (!autoRegister && e.isNotFound()) {
                throw new SerializationException("schema " + schema.getFullName() + " is not registered under subject '"
                        + subject + "' (topic " + topic + ") and " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG
                        + " is false; register the schema first or set " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG
                        + "=true. Registry said: " + e.getMessage(), e);
            }
            throw new SerializationException("could not " + (autoRegister ? "register" : "look up") + " schema "
                    + schema.getFullName() + " under subject '" + subject + "' for topic " + topic + ": "
                    + e.getMessage(), e);
        }
    }

    private RegisteredSchema latest(String subject, String topic) {
        long now = System.currentTimeMillis();
        CachedLatest cached = latestBySubject.get(subject);
        if (cached != null && (latestTtlMillis < 0 || now - cached.fetchedAt() < latestTtlMillis)) {
            return cached.schema();
        }
        try {
            RegisteredSchema latest = client.getLatest(subject);
            latestBySubject.put(subject, new CachedLatest(latest, now));
            return latest;
        } catch (SchemaRegistryException e) {
            throw new SerializationException("could not get the latest schema of subject '" + subject + "' for topic "
                    + topic + " (" + AvroSerdeConfig.USE_LATEST_VERSION_CONFIG + "=true): " + e.getMessage(), e);
        }
    }

    private byte[] encode(String topic, String subject, int id, Schema schema, Object data,
                          DatumWriter<Object> writer) {
        // one growing buffer and its encoder per thread: a 64-byte stream regrown for every record was a
        // tenth of the live path
        Buffer buffer = BUFFER.get();
        ByteArrayOutputStream out = buffer.out();
        out.reset();
        out.write(WireFormat.MAGIC_BYTE);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        try {
            if (writer == null) {
                // Confluent writes a bytes primitive raw, without Avro's length prefix; so must we to interoperate
                out.writeBytes(data instanceof ByteBuffer bytes ? toArray(bytes) : (byte[]) data);
                return out.toByteArray();
            }
            writer.write(data, buffer.encoder());
            buffer.encoder().flush();
            return out.toByteArray();
        } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
            throw new SerializationException("could not write a " + data.getClass().getName() + " with schema "
                    + schema.getFullName() + " (id " + id + ", subject '" + subject + "') to topic " + topic
                    + ": " + e.getMessage(), e);
        } finally {
            if (out.size() > MAX_KEPT_BUFFER) {
                BUFFER.remove(); // a rare large value must not pin its buffer to the thread
            }
        }
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    @Override
    public void close() {
        lastTarget = null;
        writers.clear();
        latestBySubject.clear();
        ids.clear();
    }

    private record CachedLatest(RegisteredSchema schema, long fetchedAt) {
    }

    private record SubjectSchema(String subject, Schema schema) {
    }

    /** How values of one topic, schema instance and class are written. */
    private record Target(String topic, Schema schema, Class<?> type, String subject, int id,
                          DatumWriter<Object> writer) {
    }

    /** A thread's buffer and the encoder writing to it. */
    private record Buffer(ByteArrayOutputStream out, BinaryEncoder encoder) {
        static Buffer create() {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            return new Buffer(out, EncoderFactory.get().directBinaryEncoder(out, null));
        }
    }

    /** A specific class needs its own model's conversions, so writers depend on the value's class too. */
    private record WriterKey(Schema schema, Class<?> type) {
    }
}
