package dev.rewind.replaytool.dlq;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.schemas.serde.AvroSerdeConfig;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a component's dead-letter topic from its start to the end offsets of the moment of the call,
 * with a group-less {@code read_committed} consumer that commits nothing: listing never changes
 * what other readers see. The DLQ entry is decoded from the Confluent wire format through the
 * schema registry; the original value too, to learn the event's cohort (null if it does not decode,
 * which is often why it was dead-lettered).
 *
 * <p>A scan costs one pass over the topic: dead-letter topics are small next to source topics (one
 * record per failure), and reading them whole keeps the listing exact without a second index.
 */
final class DeadLetterScan {

    private static final Logger LOGGER = LoggerFactory.getLogger(DeadLetterScan.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> consumerConfig;
    private final Map<String, Object> serdeConfig;

    /**
     * @param clientConfig Kafka client settings of the service
     * @param registryConfig schema registry client settings (URL and credentials) of the DLQ and
     *     source values
     */
    DeadLetterScan(Map<String, Object> clientConfig, Map<String, Object> registryConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.keySet().retainAll(ConsumerConfig.configNames());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumerConfig = config;
        this.serdeConfig = Map.copyOf(registryConfig);
    }

    /**
     * Every entry of {@code topic} matching {@code filter}, in partition and offset order, starting
     * after {@code after} ({@code null}: from the start) and stopping once {@code limit} matched.
     *
     * @return the entries; empty when the topic does not exist
     */
    List<DeadLetter> scan(String topic, String component, Predicate<DeadLetter> filter, DlqCursor after, int limit) {
        List<DeadLetter> result = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             AvroDeserializer deserializer = new AvroDeserializer()) {
            deserializer.configure(serdeConfig, false);
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                return result;
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                    .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            for (TopicPartition partition : partitions) {
                long end = ends.getOrDefault(partition, 0L);
                long start = after == null ? 0 : after.startOn(partition.partition());
                if (start < 0 || start >= end) {
                    continue;
                }
                consumer.assign(List.of(partition));
                consumer.seek(partition, start);
                if (start == 0) {
                    consumer.seekToBeginning(List.of(partition));
                }
                while (consumer.position(partition, TIMEOUT) < end && result.size() < limit) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        if (record.offset() >= end || result.size() >= limit) {
                            break;
                        }
                        DeadLetter entry = decode(record, component, deserializer);
                        if (entry != null && filter.test(entry)) {
                            result.add(entry);
                        }
                    }
                }
                if (result.size() >= limit) {
                    break;
                }
            }
        }
        return result;
    }

    private static DeadLetter decode(ConsumerRecord<byte[], byte[]> record, String component,
            AvroDeserializer deserializer) {
        if (record.value() == null) {
            return null;
        }
        Object decoded;
        try {
            decoded = deserializer.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            LOGGER.atWarn().addKeyValue("topic", record.topic()).addKeyValue("partition", record.partition())
                    .addKeyValue("offset", record.offset()).log("Skipping an undecodable dead-letter record: {}",
                            e.getMessage());
            return null;
        }
        if (!(decoded instanceof GenericRecord entry) || entry.getSchema().getField("sourceTopic") == null) {
            return null;
        }
        byte[] value = bytes(entry.get("value"));
        List<DeadLetter.Header> headers = new ArrayList<>();
        Object list = entry.get("headers");
        if (list instanceof List<?> items) {
            for (Object item : items) {
                GenericRecord h = (GenericRecord) item;
                headers.add(new DeadLetter.Header(string(h.get("key")), bytes(h.get("value"))));
            }
        }
        return new DeadLetter(record.partition(), record.offset(), component, string(entry.get("version")),
                string(entry.get("reason")), string(entry.get("errorClass")), string(entry.get("eventId")),
                cohort(value, record.topic(), deserializer), string(entry.get("sourceTopic")),
                (Integer) entry.get("sourcePartition"), (Long) entry.get("sourceOffset"),
                instant(entry.get("timestamp")), instant(entry.get("failedAt")), bytes(entry.get("key")), value,
                headers);
    }

    /** The cohort of the original event, or null if the value is no event any more (or never was). */
    private static Cohort cohort(byte[] value, String topic, AvroDeserializer deserializer) {
        if (value == null) {
            return null;
        }
        try {
            if (deserializer.deserialize(topic, value) instanceof GenericRecord event
                    && event.getSchema().getField("cohort") != null
                    && event.get("cohort") instanceof GenericRecord cohort) {
                return Cohort.of(blankless(cohort, "customer"), blankless(cohort, "plan"), blankless(cohort, "project"));
            }
        } catch (RuntimeException e) {
            // undecodable original: its cohort is unknown
        }
        return null;
    }

    private static String blankless(GenericRecord record, String field) {
        if (record.getSchema().getField(field) == null) {
            return null;
        }
        String value = string(record.get(field));
        return value == null || value.isBlank() ? null : value;
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    private static byte[] bytes(Object value) {
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] result = new byte[copy.remaining()];
            copy.get(result);
            return result;
        }
        return value instanceof byte[] array ? array : null;
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        return value instanceof Long millis ? Instant.ofEpochMilli(millis) : null;
    }
}
