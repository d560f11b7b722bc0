package dev.rewind.registry.internal.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.rewind.registry.internal.AvroSchemas;
import dev.rewind.registry.internal.Mode;
import dev.rewind.registry.internal.compat.CompatibilityLevel;
import dev.rewind.registry.internal.store.LogCodec.Change;
import dev.rewind.registry.internal.store.LogCodec.ConfigChange;
import dev.rewind.registry.internal.store.LogCodec.IdFloorChange;
import dev.rewind.registry.internal.store.LogCodec.ModeChange;
import dev.rewind.registry.internal.store.LogCodec.SchemaChange;

/**
 * What the schema log says, materialised: subjects and their versions, schemas by id, compatibility levels and
 * the mode. Changed only by {@link #apply} (from the log's delivery thread); read by request threads. Every
 * method is synchronized and returns copies, so a reader sees the state between two applied records.
 */
public final class RegistryState {

    private final Map<String, NavigableMap<Integer, StoredVersion>> subjects = new HashMap<>();
    private final Map<Integer, String> schemaById = new HashMap<>();
    /** Ids by schema identity ({@link AvroSchemas#identity}), so an equal schema keeps its id across subjects. */
    private final Map<String, Integer> idByIdentity = new HashMap<>();
    /** Identity by stored schema text: computed once per text as records are applied. */
    private final Map<String, String> identityByText = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private Mode mode;
    private int maxId;

    synchronized void apply(Change change) {
        if (change instanceof SchemaChange schema) {
            applySchema(schema);
        } else if (change instanceof ConfigChange config) {
            if (config.subject() == null) {
                globalLevel = config.level();
            } else if (config.level() == null) {
                subjectLevels.remove(config.subject());
            } else {
                subjectLevels.put(config.subject(), config.level());
            }
        } else if (change instanceof ModeChange modeChange && modeChange.subject() == null) {
            mode = modeChange.mode();
        } else if (change instanceof IdFloorChange floor) {
            maxId = Math.max(maxId, floor.maxId());
        }
    }

    private void applySchema(SchemaChange change) {
        if (change.value() == null) {
            NavigableMap<Integer, StoredVersion> versions = subjects.get(change.subject());
            StoredVersion removed = versions == null ? null : versions.remove(change.version());
            if (versions != null && versions.isEmpty()) {
                subjects.remove(change.subject());
            }
            if (removed != null && !isReferenced(removed.id())) {
                schemaById.remove(removed.id());
                idByIdentity.remove(identityOf(removed.schema()), removed.id());
            }
            return;
        }
        StoredVersion stored = change.value();
        subjects.computeIfAbsent(stored.subject(), s -> new TreeMap<>()).put(stored.version(), stored);
        schemaById.putIfAbsent(stored.id(), stored.schema());
        idByIdentity.putIfAbsent(identityOf(stored.schema()), stored.id());
        maxId = Math.max(maxId, stored.id());
    }

    private boolean isReferenced(int id) {
        return subjects.values().stream().flatMap(v -> v.values().stream()).anyMatch(v -> v.id() == id);
    }

    /** Subject names, sorted; with {@code includeDeleted} also those whose versions are all soft-deleted. */
    public synchronized List<String> subjects(boolean includeDeleted) {
        List<String> names = new ArrayList<>();
        subjects.forEach((name, versions) -> {
            if (includeDeleted || versions.values().stream().anyMatch(v -> !v.deleted())) {
                names.add(name);
            }
        });
        names.sort(null);
        return names;
    }

    /** The subject's versions, oldest first; soft-deleted ones only with {@code includeDeleted}. */
    public synchronized List<StoredVersion> versions(String subject, boolean includeDeleted) {
        NavigableMap<Integer, StoredVersion> versions = subjects.getOrDefault(subject, new TreeMap<>());
        return versions.values().stream().filter(v -> includeDeleted || !v.deleted()).toList();
    }

    public synchronized Optional<String> schemaById(int id) {
        return Optional.ofNullable(schemaById.get(id));
    }

    /** The id a schema ({@link AvroSchemas#identity}) already has, whichever subject it was registered under. */
    public synchronized Optional<Integer> idOf(String identity) {
        return Optional.ofNullable(idByIdentity.get(identity));
    }

    /** The identity ({@link AvroSchemas#identity}) of a stored schema text. */
    public synchronized String identityOf(String schemaText) {
        return identityByText.computeIfAbsent(schemaText, AvroSchemas::identity);
    }

    /** Every version, of any subject, that uses schema {@code id}, ordered by subject and version. */
    public synchronized List<StoredVersion> versionsWithId(int id, boolean includeDeleted) {
        List<StoredVersion> found = new ArrayList<>();
        new TreeSet<>(subjects.keySet()).forEach(subject -> subjects.get(subject).values().stream()
                .filter(v -> v.id() == id && (includeDeleted || !v.deleted()))
                .forEach(found::add));
        return found;
    }

    /** The highest id ever handed out, including ids of deleted schemas; 0 when none. */
    public synchronized int maxId() {
        return maxId;
    }

    public synchronized Optional<CompatibilityLevel> globalLevel() {
        return Optional.ofNullable(globalLevel);
    }

    public synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    public synchronized Optional<Mode> mode() {
        return Optional.ofNullable(mode);
    }
}
