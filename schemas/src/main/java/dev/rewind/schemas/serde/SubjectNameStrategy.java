package dev.rewind.schemas.serde;

import org.apache.avro.Schema;

/**
 * Chooses the registry subject a schema is registered and looked up under, as Confluent's
 * strategies of the same names do. Implementations must be stateless, thread-safe and have a public
 * no-argument constructor so they can be named in configuration.
 */
public interface SubjectNameStrategy {

    /**
     * @param topic the topic the record is written to
     * @param isKey whether the serializer handles record keys
     * @param schema the schema of the value being written
     * @return the subject name
     */
    String subjectName(String topic, boolean isKey, Schema schema);
}
