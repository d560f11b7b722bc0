package dev.rewind.connect.delivery;

import dev.rewind.connect.RewindHeaders;
import dev.rewind.connect.transforms.internal.Rejection;
import dev.rewind.connect.transforms.internal.StructFields;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Shapes a component's output records for replay-aware, idempotent delivery by a JDBC sink connector
 * in upsert mode: copies the headers the engine puts on every output ({@code rewind.event-id},
 * {@code rewind.version}, {@code rewind.replay-id}) into value fields, by default
 * {@code rewind_event_id}, {@code rewind_version}, {@code rewind_replay_id}.
 *
 * <p>With the sink upserting on the event id column (Debezium's JDBC sink:
 * {@code insert.mode=upsert}, {@code primary.key.mode=record_value},
 * {@code primary.key.fields=rewind_event_id}) each event has one row: the output a replay writes
 * for an event comes later in the same partition than the output the earlier version wrote (the
 * engine keys outputs by entity), so it replaces that row, and a redelivered record writes the row it
 * already wrote. The row says which version and which replay decided it.
 *
 * <p>An output without {@code rewind.event-id} or {@code rewind.version}, or without a Struct value,
 * is rejected: to {@code errors.topic}, or as a failure that the sink connector's
 * {@code errors.tolerance} and {@code errors.deadletterqueue.topic.name} handle. Thread-safe.
 */
public class InsertDeliveryFields<R extends ConnectRecord<R>> implements Transformation<R> {

    public static final String EVENT_ID_FIELD_CONFIG = "event.id.field";
    public static final String EVENT_ID_FIELD_DEFAULT = "rewind_event_id";
    public static final String VERSION_FIELD_CONFIG = "version.field";
    public static final String VERSION_FIELD_DEFAULT = "rewind_version";
    public static final String REPLAY_ID_FIELD_CONFIG = "replay.id.field";
    public static final String REPLAY_ID_FIELD_DEFAULT = "rewind_replay_id";

    public static final ConfigDef CONFIG_DEF = Rejection.define(new ConfigDef()
            .define(EVENT_ID_FIELD_CONFIG, ConfigDef.Type.STRING, EVENT_ID_FIELD_DEFAULT, new ConfigDef.NonEmptyString(),
                    ConfigDef.Importance.MEDIUM, "Value field (table column) for the " + RewindHeaders.EVENT_ID
                            + " header; make it the sink's primary key. Default " + EVENT_ID_FIELD_DEFAULT + ".")
            .define(VERSION_FIELD_CONFIG, ConfigDef.Type.STRING, VERSION_FIELD_DEFAULT, new ConfigDef.NonEmptyString(),
                    ConfigDef.Importance.LOW, "Value field for the " + RewindHeaders.VERSION + " header. Default "
                            + VERSION_FIELD_DEFAULT + ".")
            .define(REPLAY_ID_FIELD_CONFIG, ConfigDef.Type.STRING, REPLAY_ID_FIELD_DEFAULT, new ConfigDef.NonEmptyString(),
                    ConfigDef.Importance.LOW, "Value field for the " + RewindHeaders.REPLAY_ID + " header, null on live "
                            + "outputs. Default " + REPLAY_ID_FIELD_DEFAULT + "."));

    private StructFields eventId;
    private StructFields version;
    private StructFields replayId;
    private Rejection rejection;

    @Override
    public void configure(Map<String, ?> configs) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, configs, false);
        this.eventId = new StructFields(config.getString(EVENT_ID_FIELD_CONFIG), Schema.STRING_SCHEMA);
        this.version = new StructFields(config.getString(VERSION_FIELD_CONFIG), Schema.STRING_SCHEMA);
        this.replayId = new StructFields(config.getString(REPLAY_ID_FIELD_CONFIG), Schema.OPTIONAL_STRING_SCHEMA);
        this.rejection = new Rejection(config.getString(Rejection.ERRORS_TOPIC_CONFIG), getClass());
    }

    @Override
    public R apply(R record) {
        if (Rejection.isRejected(record)) {
            return record;
        }
        if (!(record.value() instanceof Struct value)) {
            return rejection.reject(record, "output value is " + (record.value() == null ? "null (a tombstone)"
                    : "a " + record.value().getClass().getName()) + ", not a Struct: there is no row to write");
        }
        String id = header(record, RewindHeaders.EVENT_ID);
        String producedBy = header(record, RewindHeaders.VERSION);
        if (id == null || producedBy == null) {
            return rejection.reject(record, "output lacks the " + (id == null ? RewindHeaders.EVENT_ID : RewindHeaders.VERSION)
                    + " header the engine writes on every output; was it written by a rewind component version?");
        }
        Struct shaped = replayId.put(version.put(eventId.put(value, id), producedBy), header(record, RewindHeaders.REPLAY_ID));
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                shaped.schema(), shaped, record.timestamp(), record.headers());
    }

    private static String header(ConnectRecord<?> record, String name) {
        Header header = record.headers().lastWithName(name);
        if (header == null || header.value() == null) {
            return null;
        }
        Object value = header.value();
        String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
        return text.isBlank() ? null : text;
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void close() {
    }
}
