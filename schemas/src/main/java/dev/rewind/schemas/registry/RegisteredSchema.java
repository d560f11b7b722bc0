package dev.rewind.schemas.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject: the subject, its version number, the schema's global id and the schema.
 *
 * @param subject the subject the schema is registered under
 * @param version the version within the subject, from 1
 * @param id the global schema id written into every message
 * @param schema the Avro schema
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {

    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more, was " + version);
        }
        if (id < 0) {
            throw new IllegalArgumentException("schema id must not be negative, was " + id);
        }
    }
}
