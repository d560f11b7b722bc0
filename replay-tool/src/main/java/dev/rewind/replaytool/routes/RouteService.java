package dev.rewind.replaytool.routes;

import dev.rewind.api.routes.RampSpec;
import dev.rewind.api.routes.RouteRequest;
import dev.rewind.api.routes.RouteView;
import dev.rewind.api.routes.ChannelRequest;
import dev.rewind.api.routes.ChannelView;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.routing.ActiveRoute;
import dev.rewind.engine.routing.Channel;
import dev.rewind.engine.routing.ChannelAssignment;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.protocol.Ramp;
import dev.rewind.engine.routing.RampedTarget;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTarget;
import dev.rewind.engine.routing.RouteTiming;
import dev.rewind.replaytool.access.Caller;
import dev.rewind.replaytool.audit.AuditLog;
import dev.rewind.replaytool.audit.AuditRecord;
import dev.rewind.replaytool.Rejection;
import dev.rewind.schemas.avro.AuditAction;
import dev.rewind.schemas.avro.ChannelChange;
import dev.rewind.schemas.avro.RouteChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads routes and channels from the engine's {@link RouteLog} and changes them through its
 * {@link RoutePublisher} on {@code rewind.routes}. An ordinary change never takes effect before
 * now plus the route margin (invariant 1); a request for an earlier time is refused rather than
 * silently moved. Every change is audited under its change id, and returns once the route log
 * has read it, so a following GET shows it.
 */
public final class RouteService {

    private static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(30);

    private final RouteLog log;
    private final RoutePublisher publisher;
    private final RouteTiming timing;
    private final AuditLog audit;
    private final Clock clock;

    /** A service over the route log and publisher of one installation (same timing rules). */
    public RouteService(RouteLog log, RoutePublisher publisher, RouteTiming timing, AuditLog audit, Clock clock) {
        this.log = log;
        this.publisher = publisher;
        this.timing = timing;
        this.audit = audit;
        this.clock = clock;
    }

    /** Components named by any route or channel. */
    public Set<String> components() {
        return log.history().components();
    }

    /** Versions named by the component's routes, overrides and channels. */
    public Set<String> versionsNamed(String component) {
        return log.history().versionsNamed(component);
    }

    /** The latest route of every selector, including scheduled ones. */
    public List<RouteView> routes(String component) {
        return log.history().routesAt(component, Instant.MAX).stream().map(r -> view(component, r)).toList();
    }

    /** The latest route of one selector. */
    public RouteView route(String component, String selectorText) {
        CohortSelector selector = selector(selectorText);
        return find(component, selector).map(r -> view(component, r)).orElseThrow(() ->
                Rejection.unknown(Rejection.Unknown.Thing.ROUTE, "Component '" + component + "' has no route for " + selector
                        + "; list its routes with GET /api/v1/components/" + component + "/routes."));
    }

    /** The selector's own latest route (scheduled ones too), if it has one. */
    public Optional<RouteView> findRoute(String component, CohortSelector selector) {
        return find(component, selector).map(r -> view(component, r));
    }

    /**
     * The version that owns an event carrying only the selector's dimension at {@code at} (routes,
     * channels and overrides applied), if any route leads to one.
     */
    public Optional<String> owner(String component, CohortSelector selector, Instant at) {
        return log.history().owner(component, ReplayRouteOverrides.cohortOf(selector), at)
                .map(ComponentVersion::version);
    }

    /**
     * When the route change {@code changeId} of {@code component} takes effect, if the route log has read it:
     * a caller that derives its change ids ({@link #set(String, String, RouteRequest, Caller, String)}) finds
     * a change it made before a restart.
     */
    public Optional<Instant> changeEffectiveFrom(String component, String changeId) {
        return log.history().changeEffectiveFrom(component, changeId);
    }

    /** Routes the selector to a version or channel. */
    public RouteView set(String component, String selectorText, RouteRequest request, Caller caller) {
        return set(component, selectorText, request, caller, UUID.randomUUID().toString());
    }

    /**
     * {@link #set(String, String, RouteRequest, Caller)} under a change id the caller derived; it must be new
     * (look it up with {@link #changeEffectiveFrom} first): a change published again under its id replaces it.
     */
    public RouteView set(String component, String selectorText, RouteRequest request, Caller caller,
            String changeId) {
        name(component);
        CohortSelector selector = selector(selectorText);
        String reason = reason(request == null ? null : request.reason());
        RouteTarget target = target(component, request.target(), request.targetKind(), "");
        RampedTarget ramp = ramp(component, request.ramp());
        Instant from = effectiveFrom(request.effectiveFrom());
        RouteChange change = publisher.setRoute(changeId, component, selector, target, ramp, from, caller.name(),
                reason);
        awaitVisible();
        Map<String, String> details = new java.util.LinkedHashMap<>();
        details.put("target", change.getTarget());
        details.put("targetKind", kindOf(target));
        details.put("effectiveFrom", change.getEffectiveFrom().toString());
        if (ramp != null) {
            details.put("ramp", ramp.toString());
        }
        audit.record(change.getChangeId(), caller, AuditAction.ROUTE_SET, component, selector.toString(), reason,
                details);
        return view(component, new ActiveRoute(selector, target, ramp, change.getEffectiveFrom(), change.getChangeId()));
    }

    /** The ramp of a request, checked: dimension (default customer), percent and target. */
    private RampedTarget ramp(String component, RampSpec spec) {
        if (spec == null) {
            return null;
        }
        if (spec.percent() == null) {
            throw Rejection.malformed("Give 'ramp.percent': the share of the cohort values, 0 to 100.");
        }
        RouteTarget target = target(component, spec.target(), spec.targetKind(), "ramp.");
        try {
            Ramp.Dimension dimension = spec.dimension() == null ? Ramp.Dimension.CUSTOMER
                    : Ramp.Dimension.parse(spec.dimension());
            return new RampedTarget(Ramp.ofPercent(dimension, spec.percent()), target);
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, "'ramp': " + e.getMessage() + ".");
        }
    }

    /** Removes the selector's route, from now plus the margin on. */
    public RouteView unset(String component, String selectorText, String reasonText, Caller caller) {
        return unset(component, selectorText, reasonText, caller, UUID.randomUUID().toString());
    }

    /** {@link #unset(String, String, String, Caller)} under a new change id the caller derived. */
    public RouteView unset(String component, String selectorText, String reasonText, Caller caller,
            String changeId) {
        CohortSelector selector = selector(selectorText);
        RouteView current = route(component, selectorText);
        String reason = reason(reasonText);
        RouteChange change = publisher.unsetRoute(changeId, component, selector, null, caller.name(), reason);
        awaitVisible();
        audit.record(change.getChangeId(), caller, AuditAction.ROUTE_UNSET, component, selector.toString(), reason,
                Map.of("previousTarget", current.target(), "effectiveFrom", change.getEffectiveFrom().toString()));
        return new RouteView(component, selector.toString(), null, null, null, change.getEffectiveFrom(),
                change.getChangeId(), caller.name(), reason);
    }

    /** The latest version of every channel, including scheduled changes. */
    public List<ChannelView> channels(String component) {
        return log.history().channelsAt(component, Instant.MAX).stream().map(c -> view(component, c)).toList();
    }

    /** One channel. */
    public ChannelView channel(String component, String channelName) {
        Channel channel = channelName(channelName);
        return log.history().channelsAt(component, Instant.MAX).stream()
                .filter(c -> c.channel().equals(channel)).findFirst().map(c -> view(component, c))
                .orElseThrow(() -> Rejection.unknown(Rejection.Unknown.Thing.CHANNEL, "Component '" + component + "' has no channel '"
                        + channelName + "'; set it with PUT /api/v1/components/" + component + "/channels/"
                        + channelName + "."));
    }

    /** Points a channel at a version. */
    public ChannelView setChannel(String component, String channelName, ChannelRequest request, Caller caller) {
        name(component);
        Channel channel = channelName(channelName);
        String reason = reason(request == null ? null : request.reason());
        String version = version(component, request.version());
        Instant from = effectiveFrom(request.effectiveFrom());
        ChannelChange change = publisher.setChannel(component, channel, version, from, caller.name(), reason);
        awaitVisible();
        audit.record(change.getChangeId(), caller, AuditAction.CHANNEL_SET, component, channel.name(), reason,
                Map.of("version", version, "effectiveFrom", change.getEffectiveFrom().toString()));
        return view(component, new ChannelAssignment(channel, version, change.getEffectiveFrom(), change.getChangeId()));
    }

    /** Waits until the route log has read everything published so far (read your writes). */
    void awaitVisible() {
        try {
            if (!log.awaitHorizonAfter(timing.horizon(clock.instant()), VISIBILITY_TIMEOUT)) {
                throw Rejection.unavailable("The change was published but the route log did not"
                        + " read it back within " + VISIBILITY_TIMEOUT + "; check Kafka, then GET the routes.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Rejection.unavailable("Interrupted while waiting for the route log.");
        }
    }

    private Optional<ActiveRoute> find(String component, CohortSelector selector) {
        return log.history().routesAt(component, Instant.MAX).stream()
                .filter(r -> r.selector().equals(selector)).findFirst();
    }

    /** A target from its name and kind, given as {@code <field>target} and {@code <field>targetKind}. */
    private RouteTarget target(String component, String name, String targetKind, String field) {
        if (name == null || name.isBlank()) {
            throw Rejection.malformed("Give '" + field + "target': the version or channel to route to.");
        }
        String kind = targetKind;
        if (kind == null) {
            boolean isChannel = log.history().channelsAt(component, Instant.MAX).stream()
                    .anyMatch(c -> c.channel().name().equals(name));
            kind = isChannel ? "channel" : "version";
        }
        return switch (kind.toLowerCase(java.util.Locale.ROOT)) {
            case "channel" -> RouteTarget.channel(channelName(name));
            case "version" -> RouteTarget.version(version(component, name));
            default -> throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, "'" + field
                    + "targetKind' must be version or channel, was '" + kind + "'.");
        };
    }

    private static String kindOf(RouteTarget target) {
        return target instanceof RouteTarget.ToChannel ? "channel" : "version";
    }

    private static String nameOf(RouteTarget target) {
        return target instanceof RouteTarget.ToChannel channel ? channel.channel().name()
                : ((RouteTarget.ToVersion) target).version();
    }

    private Instant effectiveFrom(Instant requested) {
        Instant earliest = timing.earliestEffectiveFrom(clock.instant());
        if (requested != null && requested.isBefore(earliest)) {
            throw Rejection.invalid(Rejection.Invalid.Rule.ROUTE_TOO_EARLY, "'effectiveFrom' " + requested + " is too early: a route"
                    + " change takes effect no earlier than now plus the margin (" + timing.margin() + "), i.e. "
                    + earliest + ". Leave it out for the earliest allowed time; only replays move past routes.",
                    Map.of("earliestAllowed", earliest.toString()));
        }
        return requested;
    }

    private RouteView view(String component, ActiveRoute r) {
        Optional<AuditRecord> entry = audit.entry(r.changeId());
        RampSpec ramp = r.ramp() == null ? null : new RampSpec(r.ramp().ramp().dimension().label(),
                r.ramp().ramp().percent(), nameOf(r.ramp().target()), kindOf(r.ramp().target()));
        return new RouteView(component, r.selector().toString(), nameOf(r.target()), kindOf(r.target()), ramp,
                r.effectiveFrom(), r.changeId(), entry.map(AuditRecord::author).orElse(null),
                entry.map(AuditRecord::reason).orElse(null));
    }

    private ChannelView view(String component, ChannelAssignment c) {
        Optional<AuditRecord> entry = audit.entry(c.changeId());
        return new ChannelView(component, c.channel().name(), c.version(), c.effectiveFrom(), c.changeId(),
                entry.map(AuditRecord::author).orElse(null), entry.map(AuditRecord::reason).orElse(null));
    }

    private static void name(String component) {
        try {
            new ComponentVersion(component, "v");
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, e.getMessage());
        }
    }

    private static String version(String component, String version) {
        try {
            return new ComponentVersion(component, version).version();
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, e.getMessage());
        }
    }

    private static CohortSelector selector(String text) {
        try {
            return CohortSelector.parse(text);
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, e.getMessage());
        }
    }

    private static Channel channelName(String name) {
        try {
            return Channel.of(name);
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, e.getMessage());
        }
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, "Give a 'reason': it is recorded in the audit log so others"
                    + " know why the route changed.");
        }
        return reason.strip();
    }
}
