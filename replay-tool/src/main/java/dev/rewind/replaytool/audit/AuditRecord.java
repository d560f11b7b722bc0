package dev.rewind.replaytool.audit;

import dev.rewind.schemas.avro.AuditEntry;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One audit entry as the API shows it.
 *
 * @param id entry id
 * @param at when the change was accepted
 * @param author who made it
 * @param role the author's role
 * @param action e.g. replay-started, route-set
 * @param component the component changed
 * @param subject replay id, selector or channel
 * @param reason why
 * @param details further facts
 */
public record AuditRecord(String id, Instant at, String author, String role, String action, String component,
        String subject, String reason, Map<String, String> details) {

    /** Copies the details. */
    public AuditRecord {
        details = Map.copyOf(details);
    }

    static AuditRecord of(AuditEntry e) {
        Map<String, String> details = new TreeMap<>();
        e.getDetails().forEach((k, v) -> details.put(k.toString(), v.toString()));
        return new AuditRecord(e.getEntryId(), e.getAt(), e.getAuthor(), e.getRole(),
                e.getAction().name().toLowerCase(Locale.ROOT).replace('_', '-'), e.getComponent(), e.getSubject(),
                e.getReason(), details);
    }
}
