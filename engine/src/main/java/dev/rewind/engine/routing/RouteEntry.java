package dev.rewind.engine.routing;

import dev.rewind.protocol.CohortSelector;
import dev.rewind.protocol.Ramp;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.schemas.avro.RouteChange;
import dev.rewind.schemas.avro.RouteChangeKind;
import dev.rewind.schemas.avro.RouteRamp;
import dev.rewind.schemas.avro.TargetKind;
import java.time.Instant;
import java.util.Comparator;

/** A validated {@link RouteChange}; the form {@link RouteHistory} computes with. */
record RouteEntry(
        String changeId,
        CohortSelector selector,
        RouteChangeKind kind,
        RouteTarget target,
        RampedTarget ramp,
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
            target = target(change.getTarget(), change.getTargetKind());
        }
        RampedTarget ramp = null;
        if (change.getRamp() != null) {
            require(kind == RouteChangeKind.SET, change, "only a SET may carry a ramp, not " + kind);
            ramp = ramp(change, change.getRamp());
        }
        Instant to = change.getEffectiveTo();
        if (kind == RouteChangeKind.REPLAY_OVERRIDE) {
            require(to != null && to.isAfter(change.getEffectiveFrom()), change,
                    "REPLAY_OVERRIDE needs effectiveTo after effectiveFrom");
        } else {
            require(to == null, change, "effectiveTo is only allowed for REPLAY_OVERRIDE");
        }
        return new RouteEntry(change.getChangeId(), selector, kind, target, ramp, change.getEffectiveFrom(), to,
                change.getPublishedAt());
    }

    /** Where this entry sends an event of {@code cohort}: the ramp's target if the ramp admits it. */
    RouteTarget targetFor(Cohort cohort) {
        return ramp != null && ramp.ramp().admits(cohort) ? ramp.target() : target;
    }

    private static RampedTarget ramp(RouteChange change, RouteRamp ramp) {
        require(ramp.getTarget() != null && ramp.getTargetKind() != null, change, "the ramp needs a target");
        try {
            return new RampedTarget(new Ramp(Ramp.Dimension.parse(ramp.getDimension()), ramp.getBasisPoints()),
                    target(ramp.getTarget(), ramp.getTargetKind()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid route change " + change.getChangeId() + ": " + e.getMessage(), e);
        }
    }

    private static RouteTarget target(String name, TargetKind kind) {
        return kind == TargetKind.CHANNEL ? RouteTarget.channel(Channel.of(name)) : RouteTarget.version(name);
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
