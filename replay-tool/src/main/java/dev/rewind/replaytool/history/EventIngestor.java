package dev.rewind.replaytool.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.api.events.IngestResult;
import dev.rewind.replaytool.history.internal.JsonToAvro;
import dev.rewind.schemas.registry.RegisteredSchema;
import dev.rewind.schemas.registry.SchemaRegistryClient;
import dev.rewind.schemas.registry.SchemaRegistryException;
import dev.rewind.schemas.serde.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Ingests events given as JSON: validates them against the latest schema of their subject, assigns
 * an {@code eventId} when missing, and produces them in the Confluent wire format with
 * {@code acks=all} and idempotence. Thread-safe; owns its producer.
 */
public final class EventIngestor implements AutoCloseable {

    /** Thrown when the subject has no schema or the body does not fit it; the message says which field. */
    public static final class RejectedException extends IllegalArgumentException {
        private final String field;

        public RejectedException(String message, String field) {
            super(message);
            this.field = field;
        }

        /** Dotted path of the offending field, or null when the problem is not one field. */
        public String field() {
            return field;
        }
    }

    private final KafkaProducer<byte[], byte[]> producer;
    private final SchemaRegistryClient registry;
    private final IngestTopics topics;

    /**
     * @param kafka  client settings, at least {@code bootstrap.servers}
     * @param topics where events may be ingested
     */
    public EventIngestor(Map<String, Object> kafka, SchemaRegistryClient registry, IngestTopics topics) {
        this.topics = Objects.requireNonNull(topics, "topics");
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.registry = registry;
    }

    /**
     * Validates and produces one event.
     *
     * @param topic   the topic, or null to derive it from a {@code <topic>-value} subject
     * @param subject the subject, or null for {@code <topic>-value}
     * @param key     record key, or null for the event's project, else customer, else event id
     * @param body    the event as plain JSON or in Avro's JSON encoding
     * @throws RejectedException when the topic is not one events may be ingested into
     *     ({@link IngestTopics}), the subject is unknown or the body does not match its schema
     */
    public IngestResult ingest(String topic, String subject, String key, JsonNode body) {
        if (topic == null && (subject == null || !subject.endsWith("-value"))) {
            throw new RejectedException("name a topic (?topic=) or a subject of the form <topic>-value "
                    + "(?subject=)", null);
        }
        String resolvedTopic = topic != null ? topic : subject.substring(0, subject.length() - "-value".length());
        topics.check(resolvedTopic);
        String resolvedSubject = subject != null ? subject : resolvedTopic + "-value";
        RegisteredSchema latest = latest(resolvedSubject);
        Schema schema = latest.schema();
        if (!(body instanceof ObjectNode object)) {
            throw new RejectedException("the body must be a JSON object", null);
        }
        ObjectNode event = object.deepCopy();
        if (schema.getType() == Schema.Type.RECORD && schema.getField("eventId") != null
                && (!event.hasNonNull("eventId")
                        || event.get("eventId").isTextual() && event.get("eventId").asText().isBlank())) {
            event.put("eventId", UUID.randomUUID().toString());
        }
        JsonToAvro.Decoded decoded;
        try {
            decoded = JsonToAvro.decode(event, schema);
        } catch (JsonToAvro.MismatchException e) {
            throw new RejectedException(e.getMessage() + " (schema " + schema.getFullName() + ", subject "
                    + resolvedSubject + " version " + latest.version() + ")", e.field());
        }
        GenericRecord record = decoded.record();
        String eventId = text(record, "eventId");
        byte[] value = WireFormat.frame(latest.id(), encode(record));
        byte[] keyBytes = keyOf(key, record, eventId);
        RecordMetadata meta = send(new ProducerRecord<>(resolvedTopic, keyBytes, value));
        return new IngestResult(eventId, meta.topic(), meta.partition(), meta.offset(), resolvedSubject, latest.id(),
                decoded.encoding().id());
    }

    private RegisteredSchema latest(String subject) {
        try {
            return registry.getLatest(subject);
        } catch (SchemaRegistryException e) {
            if (e.httpStatus() == 404) {
                throw new RejectedException("subject " + subject + " has no schema in the registry; register "
                        + "the event's schema first or name another subject", null);
            }
            throw e;
        }
    }

    /** Read from the decoded record, so the key is the same whichever JSON encoding the body used. */
    private static byte[] keyOf(String key, GenericRecord event, String eventId) {
        String chosen = key;
        if (chosen == null) {
            GenericRecord cohort = event.getSchema().getField("cohort") != null
                    && event.get("cohort") instanceof GenericRecord c ? c : null;
            String project = text(cohort, "project");
            String customer = text(cohort, "customer");
            chosen = project != null ? project : customer != null ? customer : eventId;
        }
        return chosen == null ? null : chosen.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(GenericRecord record, String field) {
        Object value = record == null || record.getSchema().getField(field) == null ? null : record.get(field);
        return value == null ? null : value.toString();
    }

    private static byte[] encode(GenericRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RecordMetadata send(ProducerRecord<byte[], byte[]> record) {
        try {
            return producer.send(record).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused the event: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the event within 60 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while producing", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
