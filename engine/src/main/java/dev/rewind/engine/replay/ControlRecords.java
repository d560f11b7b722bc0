package dev.rewind.engine.replay;

import dev.rewind.schemas.avro.DryRunResult;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.schemas.serde.AvroSerdeConfig;
import dev.rewind.schemas.serde.AvroSerializer;
import dev.rewind.schemas.serde.TopicRecordNameStrategy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Builds the records an engine instance writes to {@code rewind.control}: plans, progress and
 * dry-run results, with the protocol's keys (see {@link ControlKey}) and values in the Confluent
 * wire format under {@code TopicRecordNameStrategy} subjects. The caller sends them in its own
 * transaction, so that a plan or progress commits together with the source offsets it describes.
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

    /** Records for {@link ControlLog#DEFAULT_TOPIC} with a serializer for {@code schemaRegistryUrl}. */
    public static ControlRecords forRegistry(String schemaRegistryUrl) {
        return new ControlRecords(serializer(schemaRegistryUrl), ControlLog.DEFAULT_TOPIC);
    }

    /** Records for {@code rewind.control}, with the registry client's credentials and TLS settings. */
    public static ControlRecords forRegistry(Map<String, ?> registryClientConfig) {
        AvroSerializer serializer = new AvroSerializer();
        serializer.configure(serdeConfig(registryClientConfig), false);
        return new ControlRecords(serializer, ControlLog.DEFAULT_TOPIC);
    }

    /** A configured value deserializer for the control topic, with the registry client's credentials. */
    public static Deserializer<Object> deserializer(Map<String, ?> registryClientConfig) {
        AvroDeserializer deserializer = new AvroDeserializer();
        deserializer.configure(serdeConfig(registryClientConfig), false);
        return deserializer;
    }

    private static Map<String, Object> serdeConfig(Map<String, ?> registryClientConfig) {
        Map<String, Object> config = new java.util.HashMap<>(registryClientConfig);
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

    /** The plan record, key {@code plan/<replayId>/<topic>/<partition>}. */
    public ProducerRecord<byte[], byte[]> plan(ReplayPlan plan) {
        return record(ControlKey.plan(plan.replayId(), plan.partition()), plan.toAvro());
    }

    /** The progress record, key {@code progress/<replayId>/<topic>/<partition>}. */
    public ProducerRecord<byte[], byte[]> progress(ReplayStatus status) {
        return record(ControlKey.progress(status.replayId(), status.partition()), status.toAvro());
    }

    /** The dry-run result, key {@code dryrun/<replayId>}. */
    public ProducerRecord<byte[], byte[]> dryRun(DryRunResult result) {
        return record(ControlKey.dryRun(dev.rewind.engine.processor.ReplayId.of(result.getReplayId())), result);
    }

    private ProducerRecord<byte[], byte[]> record(String key, Object value) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), serializer.serialize(topic, value));
    }
}
