package dev.rewind.connect.avro;

import dev.rewind.connect.avro.internal.SchemaTranslator;
import dev.rewind.connect.avro.internal.ValueTranslator;
import dev.rewind.schemas.registry.RegisteredSchema;
import dev.rewind.schemas.registry.SchemaRegistryClient;
import dev.rewind.schemas.registry.SchemaRegistryException;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.schemas.serde.AvroSerdeConfig;
import dev.rewind.schemas.serde.AvroSerializer;
import dev.rewind.schemas.serde.SubjectNameStrategy;
import dev.rewind.schemas.serde.WireFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

/**
 * A Kafka Connect {@link Converter} for Avro in the Confluent wire format (magic byte, 4-byte schema
 * id, Avro binary), against any Confluent-compatible schema registry; a drop-in for Confluent's
 * {@code io.confluent.connect.avro.AvroConverter}: an existing worker configuration changes only the
 * class name ({@code value.converter=dev.rewind.connect.avro.AvroConverter}).
 *
 * <p>The bytes are written and read by rewind's own serde ({@link AvroSerializer},
 * {@link AvroDeserializer}) with one registry client; this class only maps Connect's data model to
 * Avro's generic one and back (rules in {@link SchemaTranslator}). Settings: {@link AvroConverterConfig}.
 *
 * <p>Failures are {@link DataException}s naming the topic and the cause, so Connect's
 * {@code errors.tolerance} and dead letter queue apply to them. Thread-safe once configured.
 */
public class AvroConverter implements Converter {

    private SchemaRegistryClient client;
    private AvroSerializer serializer;
    private AvroDeserializer deserializer;
    private SchemaTranslator schemas;
    private boolean isKey;
    private boolean useLatest;
    private long latestTtlMillis;
    private SubjectNameStrategy strategy;
    private final Map<String, Latest> latestBySubject = new ConcurrentHashMap<>();

    /** For the worker, which calls {@link #configure} next. */
    public AvroConverter() {
    }

    /** A converter using {@code client} instead of one built from {@code schema.registry.url}. */
    public AvroConverter(SchemaRegistryClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public ConfigDef config() {
        return AvroConverterConfig.CONFIG_DEF;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroConverterConfig config = new AvroConverterConfig(configs);
        AvroSerdeConfig serde = new AvroSerdeConfig(configs);
        if (client == null) {
            client = serde.createRegistryClient();
        }
        this.isKey = isKey;
        this.schemas = new SchemaTranslator(config.getInt(AvroConverterConfig.SCHEMAS_CACHE_SIZE_CONFIG));
        this.useLatest = serde.getBoolean(AvroSerdeConfig.USE_LATEST_VERSION_CONFIG);
        this.latestTtlMillis = serde.getLong(AvroSerdeConfig.LATEST_CACHE_TTL_SEC_CONFIG) * 1000;
        this.strategy = serde.subjectNameStrategy(isKey);
        this.serializer = new AvroSerializer(client, configs, isKey);
        Map<String, Object> generic = new HashMap<>(configs);
        generic.put(AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, false); // Connect needs generic records
        generic.remove(AvroSerdeConfig.AVRO_READER_SCHEMA_CONFIG);
        this.deserializer = new AvroDeserializer(client, generic, isKey);
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        if (schema == null) {
            throw new DataException("cannot write a schemaless " + value.getClass().getName() + " to topic " + topic
                    + " as Avro: the record has no Connect schema; use a source connector or transform that gives one, "
                    + "or another converter for this topic");
        }
        try {
            org.apache.avro.Schema avro = schemas.toAvro(schema);
            if (useLatest && avro.getType() == org.apache.avro.Schema.Type.RECORD) {
                avro = latest(strategy.subjectName(topic, isKey, avro), topic);
            }
            return serializer.serialize(topic, ValueTranslator.toAvro(avro, schema, value));
        } catch (SerializationException | ClassCastException | org.apache.avro.AvroRuntimeException e) {
            throw new DataException("could not convert a " + (isKey ? "key" : "value") + " of schema "
                    + describe(schema) + " to Avro for topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        try {
            Object generic = deserializer.deserialize(topic, value);
            org.apache.avro.Schema writer = client.getById(WireFormat.schemaId(value));
            Schema schema = schemas.toConnect(writer);
            return new SchemaAndValue(schema, ValueTranslator.toConnect(schema, writer, generic));
        } catch (SerializationException | SchemaRegistryException | ClassCastException e) {
            throw new DataException("could not convert the Avro " + (isKey ? "key" : "value") + " of a record of topic "
                    + topic + " to Connect data: " + e.getMessage(), e);
        }
    }

    private org.apache.avro.Schema latest(String subject, String topic) {
        long now = System.currentTimeMillis();
        Latest cached = latestBySubject.get(subject);
        if (cached != null && (latestTtlMillis < 0 || now - cached.fetchedAt() < latestTtlMillis)) {
            return cached.schema().schema();
        }
        try {
            RegisteredSchema latest = client.getLatest(subject);
            latestBySubject.put(subject, new Latest(latest, now));
            return latest.schema();
        } catch (SchemaRegistryException e) {
            throw new DataException("could not get the latest schema of subject '" + subject + "' for topic " + topic
                    + " (" + AvroSerdeConfig.USE_LATEST_VERSION_CONFIG + "=true): register a schema under the subject "
                    + "first or set " + AvroSerdeConfig.USE_LATEST_VERSION_CONFIG + "=false. " + e.getMessage(), e);
        }
    }

    private static String describe(Schema schema) {
        return schema.name() != null ? schema.name() : schema.type().getName();
    }

    @Override
    public void close() {
        if (serializer != null) {
            serializer.close();
            deserializer.close();
        }
    }

    private record Latest(RegisteredSchema schema, long fetchedAt) {
    }
}
