package dev.rewind.connect.transforms;

import dev.rewind.connect.RewindHeaders;
import dev.rewind.connect.transforms.internal.Rejection;
import dev.rewind.connect.transforms.internal.StructFields;
import dev.rewind.schemas.EventConvention;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Gives a record's value the top-level {@code eventId} string every rewind event has
 * ({@link EventConvention}) and the {@code rewind.event-id} header.
 *
 * <p>The id is the value at {@code field} (a dotted path, any primitive, as text) when set; otherwise
 * it is derived from where the record came from: a name-based UUID (RFC 9562 version 3) of
 * {@code namespace}, the source partition and the source offset, which a source connector restarted
 * from its committed offsets reproduces exactly, so a re-read record gets the same id and the engine
 * deduplicates it. (On a sink record the Kafka topic, partition and offset take their place.)
 *
 * <p>A record without a Struct value, with the field missing or blank, or without a source offset is
 * rejected: sent to {@code errors.topic} with the reason, or failed for {@code errors.tolerance} to
 * decide. Records an earlier rewind transform rejected pass unchanged. Thread-safe once configured.
 */
public class InsertEventId<R extends ConnectRecord<R>> implements Transformation<R> {

    public static final String FIELD_CONFIG = "field";
    public static final String FIELD_DOC = "Dotted path of the value field holding the event id (e.g. 'id' or "
            + "'order.id'). Unset: the id is derived from the record's source partition and offset.";
    public static final String NAMESPACE_CONFIG = "namespace";
    public static final String NAMESPACE_DOC = "Text mixed into derived ids so two connectors with the same source "
            + "positions (two files, two databases) give different ids; the connector's name is a good choice. "
            + "Unset: the record's topic.";

    public static final ConfigDef CONFIG_DEF = Rejection.define(new ConfigDef()
            .define(FIELD_CONFIG, ConfigDef.Type.STRING, null, ConfigDef.Importance.HIGH, FIELD_DOC)
            .define(NAMESPACE_CONFIG, ConfigDef.Type.STRING, null, ConfigDef.Importance.MEDIUM, NAMESPACE_DOC));

    private static final StructFields EVENT_ID = new StructFields(EventConvention.EVENT_ID_FIELD, Schema.STRING_SCHEMA);

    private String field;
    private String namespace;
    private Rejection rejection;

    @Override
    public void configure(Map<String, ?> configs) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, configs, false);
        String configured = config.getString(FIELD_CONFIG);
        this.field = configured == null || configured.isBlank() ? null : configured.strip();
        this.namespace = config.getString(NAMESPACE_CONFIG);
        this.rejection = new Rejection(config.getString(Rejection.ERRORS_TOPIC_CONFIG), getClass());
    }

    @Override
    public R apply(R record) {
        if (record.value() == null || Rejection.isRejected(record)) {
            return record; // a tombstone is not an event; nothing to give an id
        }
        if (!(record.value() instanceof Struct value)) {
            return rejection.reject(record, "value is a " + record.value().getClass().getName()
                    + ", not a Struct; rewind events need a schema (use a converter or source connector with schemas)");
        }
        Optional<String> id = field != null ? fromField(value) : derived(record);
        if (id.isEmpty()) {
            return rejection.reject(record, field != null
                    ? "event id field '" + field + "' is missing, null or blank in the value"
                    : "record has no source offset to derive an event id from; set " + FIELD_CONFIG
                    + " to the value field that identifies the event");
        }
        Struct shaped = EVENT_ID.put(value, id.get());
        R out = record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                shaped.schema(), shaped, record.timestamp(),
                record.headers().duplicate());
        out.headers().remove(RewindHeaders.EVENT_ID).addString(RewindHeaders.EVENT_ID, id.get());
        return out;
    }

    private Optional<String> fromField(Struct value) {
        return StructFields.read(value, field).map(Object::toString).filter(s -> !s.isBlank());
    }

    private Optional<String> derived(R record) {
        String position;
        if (record instanceof SourceRecord source) {
            if (source.sourceOffset() == null) {
                return Optional.empty();
            }
            position = canonical(source.sourcePartition()) + "\n" + canonical(source.sourceOffset());
        } else if (record instanceof SinkRecord sink) {
            position = sink.originalTopic() + "\n" + sink.originalKafkaPartition() + "\n" + sink.originalKafkaOffset();
        } else {
            return Optional.empty();
        }
        String name = (namespace != null ? namespace : record.topic()) + "\n" + position;
        return Optional.of(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
    }

    /** Map order must not change the id: entries sorted by key, nested maps too. */
    static String canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            new TreeMap<>(stringKeys(map)).forEach((k, v) -> out.append(k).append('=').append(canonical(v)).append(';'));
            return out.append('}').toString();
        }
        return String.valueOf(value);
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void close() {
    }
}
