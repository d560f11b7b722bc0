package dev.rewind.replaytool.history.internal;

import dev.rewind.replaytool.history.EventCohort;
import java.time.Instant;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads fields of decoded records by name, so the index works with generic records of any writer
 * schema that follows the event convention, and with the specific classes alike.
 */
final class AvroFields {

    private AvroFields() {
    }

    static String string(GenericRecord record, String field) {
        if (!record.hasField(field)) {
            return null;
        }
        Object value = record.get(field);
        return value == null ? null : value.toString();
    }

    static long longValue(GenericRecord record, String field, long orElse) {
        if (!record.hasField(field)) {
            return orElse;
        }
        Object value = record.get(field);
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof Instant i) {
            return i.toEpochMilli();
        }
        return orElse;
    }

    static Integer intValue(GenericRecord record, String field) {
        Object value = record.hasField(field) ? record.get(field) : null;
        return value instanceof Number n ? n.intValue() : null;
    }

    static Long longOrNull(GenericRecord record, String field) {
        Object value = record.hasField(field) ? record.get(field) : null;
        return value instanceof Number n ? n.longValue() : null;
    }

    static Instant instant(GenericRecord record, String field) {
        long millis = longValue(record, field, Long.MIN_VALUE);
        return millis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(millis);
    }

    static EventCohort cohort(GenericRecord record) {
        Object value = record.hasField("cohort") ? record.get("cohort") : null;
        if (!(value instanceof GenericRecord cohort)) {
            return EventCohort.NONE;
        }
        return new EventCohort(string(cohort, "customer"), string(cohort, "plan"), string(cohort, "project"));
    }
}
