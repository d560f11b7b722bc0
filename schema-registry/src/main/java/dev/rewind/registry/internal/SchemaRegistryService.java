package dev.rewind.registry.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.apache.avro.Schema;

import dev.rewind.registry.internal.compat.CompatibilityChecker;
import dev.rewind.registry.internal.compat.CompatibilityChecker.PreviousSchema;
import dev.rewind.registry.internal.compat.CompatibilityLevel;
import dev.rewind.registry.internal.store.LogCodec;
import dev.rewind.registry.internal.store.LogEntry;
import dev.rewind.registry.internal.store.RegistryState;
import dev.rewind.registry.internal.store.SchemaStore;
import dev.rewind.registry.internal.store.StoredVersion;
import dev.rewind.registry.internal.store.WritePlan;

/**
 * The registry's operations with Confluent's semantics, over a {@link SchemaStore}.
 *
 * <p>Writes are decided through {@link SchemaStore#write}: on the state caught up with the log while this
 * instance is the log's exclusive writer, so any number of instances may take writes and never hand out one
 * id or one version twice. Reads that miss (unknown subject, version or id) catch up with the log once and retry, so an instance
 * serves ids another instance has just registered.
 */
public final class SchemaRegistryService {

    private final SchemaStore store;
    private final RegistrySettings settings;

    public SchemaRegistryService(SchemaStore store) {
        this.store = store;
        this.settings = new RegistrySettings(store);
    }

    public RegistrySettings settings() {
        return settings;
    }

    private RegistryState state() {
        return store.state();
    }

    public List<String> subjects(boolean includeDeleted) {
        return state().subjects(includeDeleted);
    }

    public List<Integer> versions(String subject, boolean includeDeleted) {
        return fresh(() -> {
            List<StoredVersion> versions = state().versions(subject, includeDeleted);
            if (versions.isEmpty()) {
                throw Errors.subjectNotFound(subject);
            }
            return versions.stream().map(StoredVersion::version).toList();
        });
    }

    public StoredVersion version(String subject, VersionSpec spec, boolean includeDeleted) {
        return fresh(() -> find(subject, spec, includeDeleted));
    }

    private StoredVersion find(String subject, VersionSpec spec, boolean includeDeleted) {
        List<StoredVersion> versions = state().versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw Errors.subjectNotFound(subject);
        }
        if (spec.isLatest()) {
            return versions.get(versions.size() - 1);
        }
        return versions.stream().filter(v -> v.version() == spec.number()).findFirst()
                .orElseThrow(() -> Errors.versionNotFound(subject, spec));
    }

    /** Every version of the subjects starting with {@code prefix}, by subject and version (GET /schemas). */
    public List<StoredVersion> allVersions(String prefix, boolean includeDeleted, boolean latestOnly) {
        List<StoredVersion> found = new ArrayList<>();
        for (String subject : state().subjects(includeDeleted)) {
            if (subject.startsWith(prefix)) {
                List<StoredVersion> versions = state().versions(subject, includeDeleted);
                found.addAll(latestOnly && !versions.isEmpty()
                        ? versions.subList(versions.size() - 1, versions.size()) : versions);
            }
        }
        return found;
    }

    public String schemaById(int id) {
        return fresh(() -> state().schemaById(id).orElseThrow(() -> Errors.schemaIdNotFound(id)));
    }

    /** The subject/version pairs that use schema {@code id}; 40403 when the id is unknown. */
    public List<StoredVersion> versionsOfId(int id, boolean includeDeleted) {
        schemaById(id);
        return state().versionsWithId(id, includeDeleted);
    }

    /**
     * Finds the version of {@code subject} that has this schema (POST /subjects/{subject}): the same schema by
     * {@link AvroSchemas#identity}, so key order and custom-property order do not count. {@code normalize}
     * changes nothing here for Avro, as the identity is already taken on the normal form.
     */
    public StoredVersion lookup(String subject, Schema schema, boolean includeDeleted) {
        String identity = AvroSchemas.identity(schema);
        return fresh(() -> {
            List<StoredVersion> versions = state().versions(subject, includeDeleted);
            if (versions.isEmpty()) {
                throw Errors.subjectNotFound(subject);
            }
            return versions.stream().filter(v -> state().identityOf(v.schema()).equals(identity))
                    .reduce((a, b) -> b)
                    .orElseThrow(() -> Errors.schemaNotFound("Schema not found under subject '" + subject
                            + "'. Register it with POST /subjects/" + subject + "/versions."));
        });
    }

    /**
     * Registers {@code schema} under {@code subject} and returns its id. Idempotent: a schema the subject
     * already has (live) returns its id without writing; a schema known under another subject keeps its id
     * (and its text); "the same" is {@link AvroSchemas#identity}. With {@code normalize} a new schema is stored
     * in Confluent's normal form ({@link AvroNormalForm}), else as Avro's compact JSON of it.
     */
    public int register(String subject, Schema schema) {
        return register(subject, schema, false);
    }

    /** As {@link #register(String, Schema)}, storing a new schema in normal form when {@code normalize}. */
    public int register(String subject, Schema schema, boolean normalize) {
        String identity = AvroSchemas.identity(schema);
        Integer known = liveId(subject, identity);
        if (known != null && settings.mode() == Mode.READWRITE) {
            return known;
        }
        return store.write(() -> {
            settings.checkWritable(subject);
            Integer existing = liveId(subject, identity);
            if (existing != null) {
                return WritePlan.nothing(existing);
            }
            List<StoredVersion> all = state().versions(subject, true);
            List<StoredVersion> live = all.stream().filter(v -> !v.deleted()).toList();
            List<String> problems = CompatibilityChecker.check(settings.effectiveLevel(subject), schema,
                    previous(live));
            if (!problems.isEmpty()) {
                throw Errors.incompatible(subject, problems);
            }
            Integer reused = state().idOf(identity).orElse(null);
            int id = reused != null ? reused : state().maxId() + 1;
            String text = reused != null ? state().schemaById(reused).orElseThrow()
                    : AvroSchemas.storedText(schema, normalize);
            int version = all.isEmpty() ? 1 : all.get(all.size() - 1).version() + 1;
            return new WritePlan<>(List.of(LogCodec.schema(new StoredVersion(subject, version, id, text,
                    false))), id);
        });
    }

    /** The id of the subject's live version with this schema identity, or null. */
    private Integer liveId(String subject, String identity) {
        return state().versions(subject, false).stream()
                .filter(v -> state().identityOf(v.schema()).equals(identity))
                .map(StoredVersion::id).findFirst().orElse(null);
    }

    /**
     * Tests {@code schema} against one version ({@code spec}), or with {@code spec} null against the subject as
     * a registration would; returns why it is incompatible, empty when compatible.
     */
    public List<String> testCompatibility(String subject, VersionSpec spec, Schema schema) {
        List<StoredVersion> against;
        CompatibilityLevel level = settings.effectiveLevel(subject);
        if (spec == null) {
            against = state().versions(subject, false);
        } else if (spec.isLatest()) {
            List<StoredVersion> live = state().versions(subject, false);
            against = live.isEmpty() ? List.of() : List.of(live.get(live.size() - 1));
        } else {
            against = List.of(version(subject, spec, false));
        }
        return CompatibilityChecker.check(level, schema, previous(against));
    }

    private static List<PreviousSchema> previous(List<StoredVersion> versions) {
        return versions.stream()
                .map(v -> new PreviousSchema("version " + v.version(), new Schema.Parser().parse(v.schema())))
                .toList();
    }

    /** Soft-deletes every live version, or with {@code permanent} removes a soft-deleted subject for good. */
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        return store.write(() -> {
            settings.checkWritable(subject);
            List<StoredVersion> all = state().versions(subject, true);
            if (all.isEmpty()) {
                throw Errors.subjectNotFound(subject);
            }
            List<StoredVersion> live = all.stream().filter(v -> !v.deleted()).toList();
            List<LogEntry> entries = new ArrayList<>();
            if (!permanent) {
                if (live.isEmpty()) {
                    throw Errors.subjectSoftDeleted(subject);
                }
                live.forEach(v -> entries.add(LogCodec.schema(v.withDeleted(true))));
                return new WritePlan<>(entries, live.stream().map(StoredVersion::version).toList());
            }
            if (!live.isEmpty()) {
                throw Errors.subjectNotSoftDeleted(subject);
            }
            entries.add(LogCodec.idFloor(state().maxId()));
            all.forEach(v -> entries.add(LogCodec.schemaTombstone(subject, v.version())));
            if (state().subjectLevel(subject).isPresent()) {
                entries.add(LogCodec.config(subject, null));
            }
            return new WritePlan<>(entries, all.stream().map(StoredVersion::version).toList());
        });
    }

    /**
     * Soft-deletes one version, or with {@code permanent} removes a soft-deleted version for good. Errors as
     * Confluent's {@code DELETE /subjects/{subject}/versions/{version}}: 40406 when the version is already
     * soft-deleted (also when it is the subject's only one), 40407 for a permanent delete of a live version,
     * 40402 for an unknown version of a known subject ({@code latest}: the latest live version), 40401 for an
     * unknown subject.
     */
    public int deleteVersion(String subject, VersionSpec spec, boolean permanent) {
        return store.write(() -> {
            settings.checkWritable(subject);
            List<StoredVersion> all = state().versions(subject, true);
            StoredVersion target = (spec.isLatest()
                    ? all.stream().filter(v -> !v.deleted()).reduce((a, b) -> b)
                    : all.stream().filter(v -> v.version() == spec.number()).findFirst()).orElse(null);
            if (target == null) {
                throw all.isEmpty() ? Errors.subjectNotFound(subject) : Errors.versionNotFound(subject, spec);
            }
            if (!permanent) {
                if (target.deleted()) {
                    throw Errors.versionSoftDeleted(subject, target.version());
                }
                return new WritePlan<>(List.of(LogCodec.schema(target.withDeleted(true))), target.version());
            }
            if (!target.deleted()) {
                throw Errors.versionNotSoftDeleted(subject, target.version());
            }
            return new WritePlan<>(List.of(LogCodec.idFloor(state().maxId()),
                    LogCodec.schemaTombstone(subject, target.version())), target.version());
        });
    }

    private <T> T fresh(Supplier<T> read) {
        try {
            return read.get();
        } catch (RegistryException e) {
            if (e.httpStatus() != 404) {
                throw e;
            }
            store.catchUp();
            return read.get();
        }
    }
}
