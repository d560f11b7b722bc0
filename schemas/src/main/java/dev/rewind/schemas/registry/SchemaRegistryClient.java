package dev.rewind.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry REST protocol that rewind uses, for Avro schemas only.
 *
 * <p>Implementations are thread-safe. Every method throws {@link SchemaRegistryException} when the
 * registry answers with an error (carrying Confluent's HTTP status and error code) or cannot be
 * reached; no method returns {@code null}.
 *
 * <p>Subjects are plain strings chosen by a subject name strategy; versions start at 1 and ids are
 * global and never reused, as in Confluent's registry.
 */
public interface SchemaRegistryClient {

    /**
     * Registers {@code schema} under {@code subject}, or returns the existing id when the subject
     * already has the same schema. Fails with error code 409 when the schema is incompatible with
     * the subject's compatibility level.
     *
     * @return the global id of the schema
     */
    int register(String subject, Schema schema);

    /** Returns the schema with the given global id; error code 40403 when there is none. */
    Schema getById(int id);

    /** Returns one version of a subject; error codes 40401 (subject) or 40402 (version). */
    RegisteredSchema getBySubjectAndVersion(String subject, int version);

    /** Returns the latest version of a subject; error code 40401 when the subject is unknown. */
    RegisteredSchema getLatest(String subject);

    /**
     * Finds {@code schema} among the versions of {@code subject} without registering it; error codes
     * 40401 (subject unknown) or 40403 (schema not registered under the subject).
     */
    RegisteredSchema lookup(String subject, Schema schema);

    /**
     * Tells whether {@code schema} could be registered under {@code subject} given its compatibility
     * level, compared with the latest version. A subject without versions accepts any schema.
     */
    boolean testCompatibility(String subject, Schema schema);

    /** Returns the global compatibility level. */
    CompatibilityLevel getCompatibility();

    /** Returns the compatibility level of a subject, the global one when it has none of its own. */
    CompatibilityLevel getCompatibility(String subject);

    /** Sets the global compatibility level. */
    void setCompatibility(CompatibilityLevel level);

    /** Sets the compatibility level of one subject. */
    void setCompatibility(String subject, CompatibilityLevel level);

    /** Lists the subjects that have at least one version that is not deleted. */
    List<String> subjects();

    /** Lists the versions of a subject that are not deleted, in ascending order. */
    List<Integer> versions(String subject);
}
