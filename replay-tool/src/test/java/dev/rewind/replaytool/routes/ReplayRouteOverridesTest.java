package dev.rewind.replaytool.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.engine.routing.RouteHistory;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.protocol.control.ReplayWindow;
import dev.rewind.protocol.control.StartReplay;
import dev.rewind.schemas.avro.RouteChange;
import dev.rewind.schemas.avro.RouteChangeKind;
import dev.rewind.schemas.avro.RouteRamp;
import dev.rewind.schemas.avro.TargetKind;
import java.time.Instant;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ReplayRouteOverridesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static RouteChange set(String id, String selector, String version, Integer rampPoints, int second) {
        RouteChange change = RouteChange.newBuilder().setChangeId(id).setComponent("rc").setSelector(selector)
                .setKind(RouteChangeKind.SET).setTarget(version).setTargetKind(TargetKind.VERSION)
                .setEffectiveFrom(T0.plusSeconds(second)).setPublishedAt(T0.plusSeconds(second))
                .setAuthor("t").setReason("t").build();
        if (rampPoints != null) {
            change.setRamp(RouteRamp.newBuilder().setDimension("customer").setBasisPoints(rampPoints)
                    .setTarget("v2").setTargetKind(TargetKind.VERSION).build());
        }
        return change;
    }

    private static StartReplay replay(String selector, String version) {
        return new StartReplay(ReplayId.of("r1"), new ComponentVersion("rc", version), CohortSelector.parse(selector),
                new ReplayWindow(T0.plusSeconds(10), T0.plusSeconds(100)), false, OptionalDouble.empty(), "fix",
                "ada", T0.plusSeconds(200));
    }

    @Test
    void aVersionOwnsAWindowOfAPlainRouteButNeverOneSplitByARamp() {
        RouteHistory plain = RouteHistory.builder().add(set("c1", "default", "v1", null, 0)).build();
        assertThat(ReplayRouteOverrides.ownsWholeWindow(plain, replay("plan:enterprise", "v1"))).isTrue();

        RouteHistory ramped = RouteHistory.builder().add(set("c1", "default", "v1", null, 0))
                .add(set("c2", "default", "v1", 2500, 50)).build();
        assertThat(ReplayRouteOverrides.ownsWholeWindow(ramped, replay("plan:enterprise", "v1")))
                .as("from 50 s a quarter of the plan's customers are on v2: the replay must move them").isFalse();
        assertThat(ReplayRouteOverrides.ownsWholeWindow(ramped, replay("default", "v2"))).isFalse();

        RouteHistory zero = RouteHistory.builder().add(set("c1", "default", "v1", 0, 0)).build();
        assertThat(ReplayRouteOverrides.ownsWholeWindow(zero, replay("default", "v1")))
                .as("a ramp at 0% splits nothing").isTrue();
    }
}
