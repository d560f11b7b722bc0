package dev.rewind.schemas.serde;

import org.apache.avro.Schema;

/**
 * Subject is the record's full name, whatever the topic: several event types may share a topic and
 * each type evolves on its own, the same way on every topic.
 */
public final class RecordNameStrategy implements SubjectNameStrategy {

    @Override
    public String subjectName(String topic, boolean isKey, Schema schema) {
        return schema.getFullName();
    }
}
