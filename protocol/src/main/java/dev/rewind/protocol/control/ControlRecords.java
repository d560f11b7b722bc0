package dev.rewind.protocol.control;

import dev.rewind.protocol.topics.RewindTopics;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.schemas.serde.AvroSerdeConfig;
import dev.rewind.schemas.serde.AvroSerializer;
import dev.rewind.schemas.serde.TopicRecordNameStrategy;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Builds the records written to {@code rewind.control} (protocol/REPLAY-PROTOCOL.md): a {@link ControlValue} under its
 * {@link ControlKey}, the value in the Confluent wire format under a {@code TopicRecordNameStrategy} subject, or a
 * tombstone. The caller sends them with its own producer: an engine in the transaction that also commits the
 * source offsets a plan or progress describes, the service with its idempotent producer.
 *
 * <p>Thread-safe if the serializer is.
 */
public final class ControlRecords {

    private final Serializer<Object> serializer;
    private final String topic;

    /**
     * Records for {@code topic} serialized with {@code serializer}, which must be configured with
     * {@link #serdeConfig(String)} (or equivalent subject naming).
     */
    public ControlRecords(Serializer<Object> serializer, String topic) {
        this.serializer = Objects.requireNonNull(serializer, "serializer");
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    /** Records for {@value RewindTopics#CONTROL} with a serializer for {@code schemaRegistryUrl}. */
    public static ControlRecords forRegistry(String schemaRegistryUrl) {
        return new ControlRecords(serializer(schemaRegistryUrl), RewindTopics.CONTROL);
    }

    /** Records for {@code rewind.control}, with the registry client's credentials and TLS settings. */
    public static ControlRecords forRegistry(Map<String, ?> registryClientConfig) {
        return new ControlRecords(serializer(registryClientConfig), RewindTopics.CONTROL);
    }

    /**
     * A configured value serializer with the control topic's serde settings and the registry client's
     * credentials and TLS settings ({@code schema.registry.url} and Confluent's credential keys).
     */
    public static Serializer<Object> serializer(Map<String, ?> registryClientConfig) {
        AvroSerializer serializer = new AvroSerializer();
        serializer.configure(serdeConfig(registryClientConfig), false);
        return serializer;
    }

    /** A configured value deserializer for the control topic, with the registry client's credentials. */
    public static Deserializer<Object> deserializer(Map<String, ?> registryClientConfig) {
        AvroDeserializer deserializer = new AvroDeserializer();
        deserializer.configure(serdeConfig(registryClientConfig), false);
        return deserializer;
    }

    private static Map<String, Object> serdeConfig(Map<String, ?> registryClientConfig) {
        Map<String, Object> config = new HashMap<>(registryClientConfig);
        config.putAll(serdeConfig(String.valueOf(registryClientConfig.get(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG))));
        return config;
    }

    /** Serde settings for the control topic: specific records, {@code TopicRecordNameStrategy}. */
    public static Map<String, Object> serdeConfig(String schemaRegistryUrl) {
        return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, schemaRegistryUrl,
                AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY_CONFIG, TopicRecordNameStrategy.class.getName(),
                AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, true,
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, true);
    }

    /** A configured value serializer for the control topic. */
    public static Serializer<Object> serializer(String schemaRegistryUrl) {
        AvroSerializer serializer = new AvroSerializer();
        serializer.configure(serdeConfig(schemaRegistryUrl), false);
        return serializer;
    }

    /** A configured value deserializer for the control topic. */
    public static Deserializer<Object> deserializer(String schemaRegistryUrl) {
        AvroDeserializer deserializer = new AvroDeserializer();
        deserializer.configure(serdeConfig(schemaRegistryUrl), false);
        return deserializer;
    }

    /** The topic the records go to. */
    public String topic() {
        return topic;
    }

    /** The record of {@code value} under its key. */
    public ProducerRecord<byte[], byte[]> record(ControlValue value) {
        return new ProducerRecord<>(topic, value.key().bytes(), serializer.serialize(topic, value.toAvro()));
    }

    /** The tombstone of {@code key}: compaction removes the key, readers forget what it said. */
    public ProducerRecord<byte[], byte[]> tombstone(ControlKey key) {
        return new ProducerRecord<>(topic, key.bytes(), null);
    }
}
