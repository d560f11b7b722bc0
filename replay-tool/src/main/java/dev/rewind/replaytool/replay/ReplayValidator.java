package dev.rewind.replaytool.replay;

import dev.rewind.api.replays.ReplayRequest;
import dev.rewind.api.replays.ReplayStatus;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.protocol.control.ReplayWindow;
import dev.rewind.replaytool.components.ComponentCatalog;
import dev.rewind.replaytool.Rejection;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The checks a replay request must pass, in the order of protocol/REPLAY-PROTOCOL.md: well-formed, known
 * component and version (404), a running instance (409), a sensible window (422), within
 * retention (422), no overlapping running replay (409). Each failure is a problem a person can
 * act on.
 */
public final class ReplayValidator {

    private final ComponentCatalog catalog;
    private final Duration maxWindow;

    /** A validator allowing windows up to {@code maxWindow}. */
    public ReplayValidator(ComponentCatalog catalog, Duration maxWindow) {
        this.catalog = catalog;
        this.maxWindow = maxWindow;
    }

    /** The parts of a request that need no cluster: names, selector, reason, rate. */
    static ComponentVersion target(ReplayRequest request) {
        if (request.component() == null || request.version() == null) {
            throw Rejection.malformed("Give 'component' and 'version', e.g."
                    + " {\"component\": \"release-coordinator\", \"version\": \"v2\", ...}");
        }
        try {
            return new ComponentVersion(request.component(), request.version());
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, e.getMessage());
        }
    }

    static CohortSelector cohort(ReplayRequest request) {
        try {
            return CohortSelector.parse(request.cohort());
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, "'cohort': " + e.getMessage());
        }
    }

    static String reason(ReplayRequest request) {
        if (request.reason() == null || request.reason().isBlank()) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, "Give a 'reason': it is recorded in the audit log so"
                    + " others know why this replay ran.");
        }
        return request.reason().strip();
    }

    static void rate(ReplayRequest request) {
        if (request.maxEventsPerSecond() != null && !(request.maxEventsPerSecond() > 0)) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, "'maxEventsPerSecond' must be positive, was "
                    + request.maxEventsPerSecond() + "; leave it out for no limit.");
        }
    }

    /** 404 when neither groups nor routes know the component or the version. */
    public void requireKnown(ComponentVersion target) {
        Set<String> versions = catalog.versions(target.component());
        if (versions.isEmpty()) {
            throw Rejection.unknown(Rejection.Unknown.Thing.COMPONENT, "No consumer group '" + target.component()
                    + ".<version>' and no route names component '" + target.component()
                    + "'. Check the name (GET /api/v1/components lists the known ones).");
        }
        if (!versions.contains(target.version())) {
            throw Rejection.unknown(Rejection.Unknown.Thing.VERSION, "Component '" + target.component()
                    + "' has no version '" + target.version() + "'; known versions: " + versions + ".",
                    Map.of("knownVersions", versions));
        }
    }

    /** 409 when the version's consumer group has no members. */
    public void requireRunning(ComponentVersion target) {
        if (catalog.members(target) == 0) {
            throw Rejection.conflict(Rejection.Conflict.Reason.NO_RUNNING_INSTANCE, "Consumer group '" + target.groupId()
                    + "' has no members: no instance of " + target.version() + " is running to do the"
                    + " replay. Start at least one instance of " + target.groupId() + " and retry.");
        }
    }

    /** 422 for an empty window, one ending in the future or one longer than the maximum. */
    public ReplayWindow window(Instant from, Instant to, Instant now) {
        if (from == null) {
            throw Rejection.malformed("Give 'from' (ISO-8601, e.g. 2026-01-01T10:00:00Z): the"
                    + " start of the window to replay.");
        }
        Instant end = to == null ? now : to;
        if (!from.isBefore(end)) {
            throw Rejection.invalid(Rejection.Invalid.Rule.EMPTY_WINDOW, "'from' (" + from + ") must be before 'to' (" + end
                    + "); the window [from, to) is empty.");
        }
        if (end.isAfter(now)) {
            throw Rejection.invalid(Rejection.Invalid.Rule.WINDOW_IN_FUTURE, "'to' (" + end + ") is in the future (now is " + now
                    + "); events after now do not exist yet. Leave 'to' out to replay up to now.");
        }
        Duration length = Duration.between(from, end);
        if (length.compareTo(maxWindow) > 0) {
            throw Rejection.invalid(Rejection.Invalid.Rule.WINDOW_TOO_LONG, "The window is " + length + " long; at most "
                    + maxWindow + " is allowed. Replay a shorter window, or several in turn.",
                    Map.of("maxWindow", maxWindow.toString()));
        }
        return new ReplayWindow(from, end);
    }

    /** 422 when the window starts before events the component's source topics still hold. */
    public void requireRetained(String component, ReplayWindow window) {
        catalog.earliestAvailable(component).ifPresent(earliest -> {
            if (window.from().isBefore(earliest)) {
                throw Rejection.invalid(Rejection.Invalid.Rule.WINDOW_BEFORE_RETENTION, "The window starts at " + window.from()
                        + " but retention has deleted older events of " + component + "'s source topics;"
                        + " the earliest available time is " + earliest + ". Start the window at or after it.",
                        Map.of("earliestAvailable", earliest.toString()));
            }
        });
    }

    /** 409 when a replay of the same version on an overlapping cohort has not finished. */
    public static void requireNoOverlap(ComponentVersion target, CohortSelector cohort,
            Collection<ReplayStatus> running) {
        for (ReplayStatus other : running) {
            if (other.component().equals(target.component()) && other.version().equals(target.version())
                    && !other.state().isTerminal()
                    && SelectorOverlap.overlaps(cohort, CohortSelector.parse(other.cohort()))) {
                throw Rejection.conflict(Rejection.Conflict.Reason.OVERLAPPING_REPLAY, "Replay " + other.id() + " of " + target
                        + " on cohort " + other.cohort() + " is " + other.state().label()
                        + " and overlaps cohort " + cohort + ". Wait for it to finish or cancel it"
                        + " (DELETE /api/v1/replays/" + other.id() + ").", Map.of("conflictingReplay", other.id()));
            }
        }
    }
}
