package dev.rewind.replaytool.audit;

import dev.rewind.replaytool.access.Caller;
import dev.rewind.replaytool.control.ControlKey;
import dev.rewind.replaytool.control.ControlTopic;
import dev.rewind.schemas.avro.AuditAction;
import dev.rewind.schemas.avro.AuditEntry;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Records who changed what, when and why as {@link AuditEntry} records on {@code rewind.control}
 * (key {@code audit/<entryId>}), and lists them back. Every replay start and cancel and every
 * route and channel change goes through here.
 */
public final class AuditLog {

    private final ControlTopic control;
    private final Clock clock;

    /** An audit log on the control topic. */
    public AuditLog(ControlTopic control, Clock clock) {
        this.control = control;
        this.clock = clock;
    }

    /**
     * Writes one entry and returns it once the service can read it back.
     *
     * @param entryId the change's own id when it has one (route changes), else null for a new UUID
     */
    public AuditRecord record(String entryId, Caller caller, AuditAction action, String component, String subject,
            String reason, Map<String, String> details) {
        AuditEntry entry = AuditEntry.newBuilder()
                .setEntryId(entryId == null ? UUID.randomUUID().toString() : entryId)
                .setAt(clock.instant())
                .setAuthor(caller.name())
                .setRole(caller.role().label())
                .setAction(action)
                .setComponent(component)
                .setSubject(subject)
                .setReason(reason)
                .setDetails(Map.copyOf(details))
                .build();
        control.write(ControlKey.audit(entry.getEntryId()), entry);
        return AuditRecord.of(entry);
    }

    /** The entry with that id (for route changes: the change id), if recorded. */
    public java.util.Optional<AuditRecord> entry(String entryId) {
        return control.index().auditEntry(entryId).map(AuditRecord::of);
    }

    /** Entries, newest first, optionally of one component, at most {@code limit}. */
    public List<AuditRecord> entries(String component, int limit) {
        return control.index().auditEntries().stream()
                .filter(e -> component == null || component.equals(e.getComponent()))
                .map(AuditRecord::of)
                .sorted(Comparator.comparing(AuditRecord::at).reversed())
                .limit(limit)
                .toList();
    }
}
