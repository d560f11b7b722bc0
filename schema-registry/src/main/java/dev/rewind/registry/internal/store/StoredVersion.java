package dev.rewind.registry.internal.store;

/**
 * One version of a subject as stored: its global schema {@code id}, the schema text (Avro's compact JSON of the
 * registered schema, or Confluent's normal form when registered with {@code normalize=true}; an id reused across
 * subjects keeps the text it was first registered with) and whether it is soft-deleted.
 */
public record StoredVersion(String subject, int version, int id, String schema, boolean deleted) {
    public StoredVersion {
        if (subject == null || subject.isEmpty()) {
            throw new IllegalArgumentException("subject must not be empty");
        }
        if (version < 1 || id < 1) {
            throw new IllegalArgumentException("version and id start at 1; got version " + version + ", id " + id);
        }
        if (schema == null) {
            throw new IllegalArgumentException("schema must not be null");
        }
    }

    public StoredVersion withDeleted(boolean newDeleted) {
        return new StoredVersion(subject, version, id, schema, newDeleted);
    }
}
