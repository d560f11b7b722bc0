package dev.rewind.registry.internal;

import java.util.List;

import dev.rewind.registry.internal.compat.CompatibilityLevel;
import dev.rewind.registry.internal.store.LogCodec;
import dev.rewind.registry.internal.store.LogEntry;
import dev.rewind.registry.internal.store.SchemaStore;
import dev.rewind.registry.internal.store.WritePlan;

/** Compatibility levels (global and per subject) and the global mode, kept in the schema log. */
public final class RegistrySettings {

    private final SchemaStore store;

    RegistrySettings(SchemaStore store) {
        this.store = store;
    }

    public CompatibilityLevel globalLevel() {
        return store.state().globalLevel().orElse(CompatibilityLevel.DEFAULT);
    }

    /**
     * The subject's own level; with {@code defaultToGlobal} the level that applies to it.
     *
     * @throws RegistryException 40408 when the subject has no level of its own and defaultToGlobal is off
     */
    public CompatibilityLevel subjectLevel(String subject, boolean defaultToGlobal) {
        return store.state().subjectLevel(subject)
                .or(() -> defaultToGlobal ? java.util.Optional.of(globalLevel()) : java.util.Optional.empty())
                .orElseThrow(() -> Errors.subjectCompatibilityNotConfigured(subject));
    }

    /** The level a registration under {@code subject} is checked with. */
    public CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevel(subject, true);
    }

    /** Sets the global level ({@code subject} null) or the subject's. */
    public void setLevel(String subject, CompatibilityLevel level) {
        write(subject, List.of(LogCodec.config(subject, level)));
    }

    /** Removes the subject's own level and returns the one it had. */
    public CompatibilityLevel deleteLevel(String subject) {
        return store.write(() -> {
            checkWritable(subject);
            CompatibilityLevel previous = subjectLevel(subject, false);
            return new WritePlan<>(List.of(LogCodec.config(subject, null)), previous);
        });
    }

    public Mode mode() {
        return store.state().mode().orElse(Mode.READWRITE);
    }

    public void setMode(Mode mode) {
        store.write(() -> new WritePlan<>(List.of(LogCodec.mode(null, mode)), mode));
    }

    /** @throws RegistryException 42205 when the registry is read-only */
    void checkWritable(String subject) {
        if (mode() == Mode.READONLY) {
            throw Errors.readOnly(subject == null ? "(global)" : subject);
        }
    }

    private void write(String subject, List<LogEntry> entries) {
        store.write(() -> {
            checkWritable(subject);
            return new WritePlan<>(entries, subject);
        });
    }
}
