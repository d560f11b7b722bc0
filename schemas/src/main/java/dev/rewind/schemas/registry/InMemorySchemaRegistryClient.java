package dev.rewind.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaValidationException;
import org.apache.avro.SchemaValidator;
import org.apache.avro.SchemaValidatorBuilder;

/**
 * A registry kept in memory, for tests and broker-free test drivers. Behaves like Confluent's
 * registry where rewind relies on it: global ids from 1 shared by equal schemas across subjects,
 * versions from 1, Confluent's error codes, and compatibility levels checked with Avro's own
 * validator (default BACKWARD).
 *
 * <p>Serdes configured with {@code schema.registry.url=mock://<scope>} share the instance returned
 * by {@link #scope(String)} for that scope. Thread-safe.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private static final Map<String, InMemorySchemaRegistryClient> SCOPES = new ConcurrentHashMap<>();

    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, TreeMap<Integer, Integer>> subjects = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;

    /** Returns the registry shared by every serde configured with {@code mock://<scope>}. */
    public static InMemorySchemaRegistryClient scope(String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistryClient());
    }

    /** Forgets a scope, so the next {@link #scope(String)} call starts empty. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        TreeMap<Integer, Integer> versions = subjects.computeIfAbsent(subject, s -> new TreeMap<>());
        Integer existing = idsBySchema.get(schema.toString());
        if (existing != null && versions.containsValue(existing)) {
            return existing;
        }
        if (!isCompatible(subject, schema)) {
            throw new SchemaRegistryException("Schema being registered is incompatible with an earlier schema "
                    + "for subject \"" + subject + "\" (" + levelOf(subject) + ")", 409,
                    SchemaRegistryException.INCOMPATIBLE_SCHEMA);
        }
        int id = idsBySchema.computeIfAbsent(schema.toString(), s -> {
            int next = schemasById.size() + 1;
            schemasById.put(next, schema);
            return next;
        });
        versions.put(versions.isEmpty() ? 1 : versions.lastKey() + 1, id);
        return id;
    }

    @Override
    public synchronized Schema getById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw notFound("Schema " + id + " not found", SchemaRegistryException.SCHEMA_NOT_FOUND);
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema getBySubjectAndVersion(String subject, int version) {
        Integer id = versionsOf(subject).get(version);
        if (id == null) {
            throw notFound("Version " + version + " not found.", SchemaRegistryException.VERSION_NOT_FOUND);
        }
        return new RegisteredSchema(subject, version, id, schemasById.get(id));
    }

    @Override
    public synchronized RegisteredSchema getLatest(String subject) {
        TreeMap<Integer, Integer> versions = versionsOf(subject);
        return getBySubjectAndVersion(subject, versions.lastKey());
    }

    @Override
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        TreeMap<Integer, Integer> versions = versionsOf(subject);
        Integer id = idsBySchema.get(schema.toString());
        return versions.entrySet().stream()
                .filter(e -> e.getValue().equals(id))
                .findFirst()
                .map(e -> new RegisteredSchema(subject, e.getKey(), id, schemasById.get(id)))
                .orElseThrow(() -> notFound("Schema not found", SchemaRegistryException.SCHEMA_NOT_FOUND));
    }

    @Override
    public synchronized boolean testCompatibility(String subject, Schema schema) {
        return isCompatible(subject, schema);
    }

    @Override
    public synchronized CompatibilityLevel getCompatibility() {
        return globalLevel;
    }

    @Override
    public synchronized CompatibilityLevel getCompatibility(String subject) {
        return levelOf(subject);
    }

    @Override
    public synchronized void setCompatibility(CompatibilityLevel level) {
        globalLevel = Objects.requireNonNull(level, "level");
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        subjectLevels.put(subject, Objects.requireNonNull(level, "level"));
    }

    @Override
    public synchronized List<String> subjects() {
        return subjects.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey)
                .sorted().toList();
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        return List.copyOf(versionsOf(subject).keySet());
    }

    private TreeMap<Integer, Integer> versionsOf(String subject) {
        TreeMap<Integer, Integer> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw notFound("Subject '" + subject + "' not found.", SchemaRegistryException.SUBJECT_NOT_FOUND);
        }
        return versions;
    }

    private CompatibilityLevel levelOf(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    private boolean isCompatible(String subject, Schema schema) {
        TreeMap<Integer, Integer> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            return true;
        }
        CompatibilityLevel level = levelOf(subject);
        if (level == CompatibilityLevel.NONE) {
            return true;
        }
        List<Schema> existing = new ArrayList<>();
        // Avro's validators expect the most recent schema first
        versions.descendingMap().values().forEach(id -> existing.add(schemasById.get(id)));
        try {
            validator(level).validate(schema, existing);
            return true;
        } catch (SchemaValidationException e) {
            return false;
        }
    }

    private static SchemaValidator validator(CompatibilityLevel level) {
        SchemaValidatorBuilder builder = new SchemaValidatorBuilder();
        builder = switch (level) {
            case BACKWARD, BACKWARD_TRANSITIVE -> builder.canReadStrategy();
            case FORWARD, FORWARD_TRANSITIVE -> builder.canBeReadStrategy();
            case FULL, FULL_TRANSITIVE, NONE -> builder.mutualReadStrategy();
        };
        return level.name().endsWith("_TRANSITIVE") ? builder.validateAll() : builder.validateLatest();
    }

    private static SchemaRegistryException notFound(String message, int code) {
        return new SchemaRegistryException(message, 404, code);
    }
}
