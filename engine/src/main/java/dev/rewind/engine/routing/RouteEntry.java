package dev.rewind.engine.routing;

import dev.rewind.protocol.CohortSelector;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.schemas.avro.RouteChange;
import dev.rewind.schemas.avro.RouteChangeKind;
import dev.rewind.schemas.avro.TargetKind;
import java.time.Instant;
import java.util.Comparator;

/** A validated {@link RouteChange}; the form {@link RouteHistory} computes with. */
record RouteEntry(
        String changeId,
        CohortSelector selector,
        RouteChangeKind kind,
        RouteTarget target,
        Instant effectiveFrom,
        Instant effectiveTo,
        Instant publishedAt) {

    /** Order of application for one selector: effective time, then publication, then id. */
    static final Comparator<RouteEntry> EFFECTIVE_ORDER = Comparator
            .comparing(RouteEntry::effectiveFrom)
            .thenComparing(RouteEntry::publishedAt)
            .thenComparing(RouteEntry::changeId);

    /** Order among replay overrides: the last published wins. */
    static final Comparator<RouteEntry> PUBLICATION_ORDER = Comparator
            .comparing(RouteEntry::publishedAt)
            .thenComparing(RouteEntry::changeId);

    static RouteEntry of(RouteChange change) {
        require(change.getChangeId() != null && !change.getChangeId().isBlank(), change, "changeId is blank");
        new ComponentVersion(change.getComponent(), "v");
        CohortSelector selector = CohortSelector.parse(change.getSelector());
        RouteChangeKind kind = change.getKind();
        require(kind != null, change, "kind is missing");
        require(change.getEffectiveFrom() != null && change.getPublishedAt() != null, change,
                "effectiveFrom and publishedAt are required");
        RouteTarget target = null;
        if (kind != RouteChangeKind.UNSET) {
            require(change.getTarget() != null, change, kind + " needs a target");
            target = change.getTargetKind() == TargetKind.CHANNEL
                    ? RouteTarget.channel(Channel.of(change.getTarget()))
                    : RouteTarget.version(change.getTarget());
        }
        Instant to = change.getEffectiveTo();
        if (kind == RouteChangeKind.REPLAY_OVERRIDE) {
            require(to != null && to.isAfter(change.getEffectiveFrom()), change,
                    "REPLAY_OVERRIDE needs effectiveTo after effectiveFrom");
        } else {
            require(to == null, change, "effectiveTo is only allowed for REPLAY_OVERRIDE");
        }
        return new RouteEntry(change.getChangeId(), selector, kind, target, change.getEffectiveFrom(), to,
                change.getPublishedAt());
    }

    boolean covers(Instant time) {
        return !time.isBefore(effectiveFrom) && (effectiveTo == null || time.isBefore(effectiveTo));
    }

    private static void require(boolean condition, RouteChange change, String problem) {
        if (!condition) {
            throw new IllegalArgumentException("Invalid route change " + change.getChangeId() + ": " + problem);
        }
    }
}
