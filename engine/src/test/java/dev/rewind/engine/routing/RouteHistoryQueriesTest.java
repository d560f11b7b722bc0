package dev.rewind.engine.routing;

import static dev.rewind.engine.routing.Changes.channel;
import static dev.rewind.engine.routing.Changes.override;
import static dev.rewind.engine.routing.Changes.set;
import static dev.rewind.engine.routing.Changes.setChannel;
import static dev.rewind.engine.routing.Changes.unset;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.schemas.avro.RouteChange;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The listing queries the replay service shows routes and channels with. */
class RouteHistoryQueriesTest {

    private static final String C = "shop";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private final RouteHistory history = RouteHistory.builder()
            .add(set(C, "default", "v1", t(0), t(0)))
            .add(setChannel(C, "plan:pro", "beta", t(10), t(0)))
            .add(set(C, "customer:acme", "v3", t(0), t(0)))
            .add(unset(C, "customer:acme", t(20), t(15)))
            .add(override(C, "project:p1", "v4", t(5), t(8), t(30)))
            .add(channel(C, "beta", "v2", t(0), t(0)))
            .add(channel(C, "beta", "v5", t(40), t(30)))
            .build();

    @Test
    void routesAtATimeListTheLatestSetOfEachSelectorAndLeaveRemovedOnesOut() {
        assertThat(history.routesAt(C, t(12))).extracting(r -> r.selector().toString() + "->" + r.target())
                .containsExactly("customer:acme->version v3", "default->version v1", "plan:pro->channel beta");
        assertThat(history.routesAt(C, Instant.MAX)).extracting(r -> r.selector().toString())
                .containsExactly("default", "plan:pro");
        assertThat(history.routesAt(C, t(1))).extracting(ActiveRoute::effectiveFrom).containsOnly(t(0));
        assertThat(history.routesAt("unknown", Instant.MAX)).isEmpty();
    }

    @Test
    void channelsAtATimeGiveTheVersionThenIncludingScheduledChangesAtMax() {
        assertThat(history.channelsAt(C, t(1))).extracting(ChannelAssignment::version).containsExactly("v2");
        assertThat(history.channelsAt(C, Instant.MAX)).extracting(ChannelAssignment::version).containsExactly("v5");
    }

    @Test
    void versionsNamedIncludeRoutesOverridesAndChannels() {
        assertThat(history.versionsNamed(C)).containsExactly("v1", "v2", "v3", "v4", "v5");
        assertThat(history.components()).containsExactly(C);
    }

    @Test
    void aRouteChangeOrOverrideIsFoundByItsIdWithItsEffectiveTimeEvenOnceAnotherReplacedIt() {
        RouteChange first = set(C, "plan:pro", "v1", t(0), t(0));
        RouteChange replaced = set(C, "plan:pro", "v2", t(30), t(25));
        RouteChange moved = override(C, "plan:pro", "v3", t(5), t(8), t(30));
        RouteHistory routes = RouteHistory.builder().add(first).add(replaced).add(moved).build();

        assertThat(routes.changeEffectiveFrom(C, first.getChangeId())).contains(t(0));
        assertThat(routes.changeEffectiveFrom(C, replaced.getChangeId())).contains(t(30));
        assertThat(routes.changeEffectiveFrom(C, moved.getChangeId())).contains(t(5));
        assertThat(routes.changeEffectiveFrom(C, "never-published")).isEmpty();
        assertThat(routes.changeEffectiveFrom("unknown", first.getChangeId())).isEmpty();
    }

    @Test
    void changeTimesAreEveryEffectiveTimeAndOverrideBound() {
        assertThat(history.changeTimes(C)).containsExactly(t(0), t(5), t(8), t(10), t(20), t(40));
    }
}
