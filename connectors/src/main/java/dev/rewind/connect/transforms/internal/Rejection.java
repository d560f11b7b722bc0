package dev.rewind.connect.transforms.internal;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;

/**
 * What a rewind transform does with a record that lacks what it needs: send it to the configured
 * error topic, unchanged but for the topic and headers saying why, or, without an error topic, throw
 * a {@link DataException} so Connect's own error handling ({@code errors.tolerance},
 * {@code errors.log.enable}, and for sink connectors {@code errors.deadletterqueue.topic.name})
 * decides. Connect has no dead letter queue for source connectors, which is why the error topic
 * exists. The headers are the ones Connect's dead letter queue reporter writes
 * ({@code __connect.errors.*}, KIP-298), so tools reading a DLQ read this topic too.
 */
public final class Rejection {

    public static final String ERRORS_TOPIC_CONFIG = "errors.topic";
    public static final String ERRORS_TOPIC_DOC = "Topic to send records to that lack what this transform needs "
            + "(the record unchanged, with headers " + Rejection.MESSAGE_HEADER + " giving the reason). Unset: such a "
            + "record fails the transform with a DataException and the connector's errors.tolerance decides (none: "
            + "the task stops; all: the record is skipped and logged with errors.log.enable=true).";

    /** KIP-298 header names, as Connect's {@code DeadLetterQueueReporter} writes them. */
    public static final String STAGE_HEADER = "__connect.errors.stage";
    public static final String CLASS_NAME_HEADER = "__connect.errors.class.name";
    public static final String EXCEPTION_CLASS_HEADER = "__connect.errors.exception.class.name";
    public static final String MESSAGE_HEADER = "__connect.errors.exception.message";
    public static final String ORIGINAL_TOPIC_HEADER = "__connect.errors.topic";

    private final String errorsTopic;
    private final Class<?> transform;

    public Rejection(String errorsTopic, Class<?> transform) {
        this.errorsTopic = errorsTopic == null || errorsTopic.isBlank() ? null : errorsTopic;
        this.transform = transform;
    }

    /** Adds {@link #ERRORS_TOPIC_CONFIG} to a transform's settings. */
    public static ConfigDef define(ConfigDef config) {
        return config.define(ERRORS_TOPIC_CONFIG, ConfigDef.Type.STRING, null, ConfigDef.Importance.MEDIUM,
                ERRORS_TOPIC_DOC);
    }

    /** Whether an earlier transform already sent the record to an error topic: leave it alone then. */
    public static boolean isRejected(ConnectRecord<?> record) {
        return record.headers().lastWithName(MESSAGE_HEADER) != null;
    }

    /**
     * The record routed to the error topic with {@code reason}.
     *
     * @throws DataException with {@code reason} when no error topic is configured
     */
    public <R extends ConnectRecord<R>> R reject(R record, String reason) {
        if (errorsTopic == null) {
            throw new DataException(reason + " (record of topic " + record.topic() + "; set "
                    + ERRORS_TOPIC_CONFIG + " on the transform to route such records to a topic instead)");
        }
        Headers headers = record.headers().duplicate()
                .addString(STAGE_HEADER, "TRANSFORMATION")
                .addString(CLASS_NAME_HEADER, transform.getName())
                .addString(EXCEPTION_CLASS_HEADER, DataException.class.getName())
                .addString(MESSAGE_HEADER, reason)
                .addString(ORIGINAL_TOPIC_HEADER, record.topic());
        return record.newRecord(errorsTopic, null, record.keySchema(), record.key(), record.valueSchema(),
                record.value(), record.timestamp(), headers);
    }

}
