package dev.rewind.registry.internal.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.rewind.registry.internal.Mode;
import dev.rewind.registry.internal.compat.CompatibilityLevel;

/**
 * Keys and values of the schema log, shaped like Confluent's own {@code _schemas} records
 * ({@code {"keytype":"SCHEMA","subject":..,"version":..,"magic":1}} and so on) so the topic reads familiar.
 * Keys are written with a fixed field order because compaction compares key bytes.
 *
 * <p>One addition of ours: {@code ID_FLOOR} records the highest id ever handed out before a permanent delete
 * tombstones schema records, so ids stay unique even after compaction removed the deleted schema.
 */
public final class LogCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LogCodec() {
    }

    /** A decoded change of the log. */
    public sealed interface Change permits SchemaChange, ConfigChange, ModeChange, IdFloorChange, OtherChange {
    }

    /** A version written, updated (soft delete) or, with a null {@code value}, permanently deleted. */
    public record SchemaChange(String subject, int version, StoredVersion value) implements Change {
    }

    /** A compatibility level set or, when {@code level} is null, removed; {@code subject} null is global. */
    public record ConfigChange(String subject, CompatibilityLevel level) implements Change {
    }

    /** The mode set or, when {@code mode} is null, removed; {@code subject} null is global. */
    public record ModeChange(String subject, Mode mode) implements Change {
    }

    /** Ids up to {@code maxId} were handed out and must never be handed out again. */
    public record IdFloorChange(int maxId) implements Change {
    }

    /** A key type this registry does not use (e.g. Confluent's NOOP); ignored. */
    public record OtherChange(String keytype) implements Change {
    }

    public static LogEntry schema(StoredVersion stored) {
        ObjectNode value = JSON.createObjectNode()
                .put("subject", stored.subject())
                .put("version", stored.version())
                .put("id", stored.id())
                .put("schema", stored.schema())
                .put("deleted", stored.deleted());
        return new LogEntry(schemaKey(stored.subject(), stored.version()), value.toString());
    }

    public static LogEntry schemaTombstone(String subject, int version) {
        return new LogEntry(schemaKey(subject, version), null);
    }

    public static LogEntry config(String subject, CompatibilityLevel level) {
        String value = level == null ? null
                : JSON.createObjectNode().put("compatibilityLevel", level.name()).toString();
        return new LogEntry(scopedKey("CONFIG", subject), value);
    }

    public static LogEntry mode(String subject, Mode mode) {
        String value = mode == null ? null : JSON.createObjectNode().put("mode", mode.name()).toString();
        return new LogEntry(scopedKey("MODE", subject), value);
    }

    public static LogEntry idFloor(int maxId) {
        String key = JSON.createObjectNode().put("keytype", "ID_FLOOR").put("magic", 0).toString();
        return new LogEntry(key, JSON.createObjectNode().put("maxId", maxId).toString());
    }

    private static String schemaKey(String subject, int version) {
        return JSON.createObjectNode().put("keytype", "SCHEMA").put("subject", subject)
                .put("version", version).put("magic", 1).toString();
    }

    private static String scopedKey(String keytype, String subject) {
        ObjectNode key = JSON.createObjectNode().put("keytype", keytype);
        if (subject == null) {
            key.putNull("subject");
        } else {
            key.put("subject", subject);
        }
        return key.put("magic", 0).toString();
    }

    /**
     * Decodes one record.
     *
     * @throws IllegalArgumentException when the key or value is not what this registry writes
     */
    public static Change decode(LogRecord record) {
        JsonNode key = read(record.key());
        JsonNode value = record.value() == null ? null : read(record.value());
        String keytype = key.path("keytype").asText("");
        String subject = key.hasNonNull("subject") ? key.get("subject").asText() : null;
        switch (keytype) {
            case "SCHEMA":
                return new SchemaChange(subject, key.path("version").asInt(), value == null ? null
                        : new StoredVersion(value.path("subject").asText(), value.path("version").asInt(),
                        value.path("id").asInt(), value.path("schema").asText(), value.path("deleted").asBoolean()));
            case "CONFIG":
                return new ConfigChange(subject, value == null ? null
                        : CompatibilityLevel.parse(value.path("compatibilityLevel").asText()));
            case "MODE":
                return new ModeChange(subject, value == null ? null : Mode.parse(value.path("mode").asText()));
            case "ID_FLOOR":
                return new IdFloorChange(value == null ? 0 : value.path("maxId").asInt());
            default:
                return new OtherChange(keytype);
        }
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
