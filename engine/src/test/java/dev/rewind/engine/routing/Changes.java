package dev.rewind.engine.routing;

import dev.rewind.schemas.avro.ChannelChange;
import dev.rewind.schemas.avro.RouteChange;
import dev.rewind.schemas.avro.RouteChangeKind;
import dev.rewind.schemas.avro.RouteRamp;
import dev.rewind.schemas.avro.TargetKind;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Builds route and channel change records for tests. */
final class Changes {

    private static final AtomicLong IDS = new AtomicLong();

    private Changes() {
    }

    static RouteChange set(String component, String selector, String version, Instant from, Instant publishedAt) {
        return route(component, selector, RouteChangeKind.SET, version, TargetKind.VERSION, from, null, publishedAt);
    }

    static RouteChange setChannel(String component, String selector, String channel, Instant from,
            Instant publishedAt) {
        return route(component, selector, RouteChangeKind.SET, channel, TargetKind.CHANNEL, from, null, publishedAt);
    }

    /**
     * A SET of {@code selector} to {@code version}, except {@code basisPoints} of its customer values
     * sent to {@code rampVersion}.
     */
    static RouteChange ramp(String component, String selector, String version, String rampVersion, int basisPoints,
            Instant from, Instant publishedAt) {
        RouteChange change = set(component, selector, version, from, publishedAt);
        change.setRamp(RouteRamp.newBuilder().setDimension("customer").setBasisPoints(basisPoints)
                .setTarget(rampVersion).setTargetKind(TargetKind.VERSION).build());
        return change;
    }

    static RouteChange unset(String component, String selector, Instant from, Instant publishedAt) {
        return route(component, selector, RouteChangeKind.UNSET, null, TargetKind.VERSION, from, null, publishedAt);
    }

    static RouteChange override(String component, String selector, String version, Instant from, Instant to,
            Instant publishedAt) {
        return route(component, selector, RouteChangeKind.REPLAY_OVERRIDE, version, TargetKind.VERSION, from, to,
                publishedAt);
    }

    static RouteChange route(String component, String selector, RouteChangeKind kind, String target,
            TargetKind targetKind, Instant from, Instant to, Instant publishedAt) {
        return RouteChange.newBuilder().setChangeId(String.format("c%06d", IDS.incrementAndGet()))
                .setComponent(component).setSelector(selector).setKind(kind).setTarget(target)
                .setTargetKind(targetKind).setEffectiveFrom(from).setEffectiveTo(to).setPublishedAt(publishedAt)
                .setReplayId(kind == RouteChangeKind.REPLAY_OVERRIDE ? "r1" : null)
                .setAuthor("test").setReason("test").build();
    }

    static ChannelChange channel(String component, String channel, String version, Instant from,
            Instant publishedAt) {
        return ChannelChange.newBuilder().setChangeId(String.format("c%06d", IDS.incrementAndGet()))
                .setComponent(component).setChannel(channel).setVersion(version).setEffectiveFrom(from)
                .setPublishedAt(publishedAt).setAuthor("test").setReason("test").build();
    }
}
