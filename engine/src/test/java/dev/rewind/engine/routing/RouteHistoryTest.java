package dev.rewind.engine.routing;

import static dev.rewind.engine.routing.Changes.channel;
import static dev.rewind.engine.routing.Changes.override;
import static dev.rewind.engine.routing.Changes.set;
import static dev.rewind.engine.routing.Changes.setChannel;
import static dev.rewind.engine.routing.Changes.unset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.routing.internal.RouteRecords;
import dev.rewind.schemas.avro.RouteChange;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RouteHistoryTest {

    private static final String C = "rc";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Cohort ACME_P1 = Cohort.of("acme", "pro", "p1");

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private static ComponentVersion v(String version) {
        return new ComponentVersion(C, version);
    }

    @Test
    void theMostSpecificMatchingRouteWins() {
        RouteHistory history = RouteHistory.builder()
                .add(set(C, "default", "v1", t(0), t(0)))
                .add(set(C, "plan:pro", "v2", t(0), t(0)))
                .add(set(C, "customer:acme", "v3", t(0), t(0)))
                .add(set(C, "project:p1", "v4", t(0), t(0)))
                .build();

        assertThat(history.owner(C, ACME_P1, t(1))).contains(v("v4"));
        assertThat(history.owner(C, ACME_P1.withProject("p2"), t(1))).contains(v("v3"));
        assertThat(history.owner(C, Cohort.ofPlan("pro"), t(1))).contains(v("v2"));
        assertThat(history.owner(C, Cohort.none(), t(1))).contains(v("v1"));
        assertThat(history.owner("other", Cohort.none(), t(1))).isEmpty();
    }

    @Test
    void aRouteAppliesFromItsEffectiveTimeAndUnsetFallsBackToLessSpecificRoutes() {
        RouteHistory history = RouteHistory.builder()
                .add(set(C, "default", "v1", t(0), t(0)))
                .add(set(C, "customer:acme", "v2", t(10), t(0)))
                .add(unset(C, "customer:acme", t(20), t(5)))
                .build();

        assertThat(history.owner(C, ACME_P1, t(-1))).as("older than every route: owned as at the first")
                .contains(v("v1"));
        assertThat(history.owner(C, ACME_P1, t(9))).contains(v("v1"));
        assertThat(history.owner(C, ACME_P1, t(10))).contains(v("v2"));
        assertThat(history.owner(C, ACME_P1, t(19))).contains(v("v2"));
        assertThat(history.owner(C, ACME_P1, t(20))).contains(v("v1"));
    }

    @Test
    void channelRoutesFollowTheChannelsVersionAtTheEventTime() {
        RouteHistory history = RouteHistory.builder()
                .add(set(C, "default", "v1", t(0), t(0)))
                .add(setChannel(C, "customer:acme", "beta", t(0), t(0)))
                .add(channel(C, "beta", "v2", t(5), t(0)))
                .add(channel(C, "beta", "v3", t(10), t(1)))
                .build();

        assertThat(history.owner(C, ACME_P1, t(1))).as("beta has no version yet").contains(v("v1"));
        assertThat(history.owner(C, ACME_P1, t(5))).contains(v("v2"));
        assertThat(history.owner(C, ACME_P1, t(10))).contains(v("v3"));
        assertThat(history.channelVersion(C, Channel.BETA, t(7))).contains(v("v2"));
    }

    @Test
    void changesEffectiveAtTheSameTimeAreOrderedByPublicationThenId() {
        RouteHistory history = RouteHistory.builder()
                .add(set(C, "default", "v2", t(10), t(2)))
                .add(set(C, "default", "v1", t(10), t(1)))
                .build();

        assertThat(history.owner(C, ACME_P1, t(10))).contains(v("v2"));
    }

    @Test
    void aReplayOverrideBeatsOrdinaryRoutesOnlyInsideItsWindow() {
        RouteHistory history = RouteHistory.builder()
                .add(set(C, "default", "v1", t(0), t(0)))
                .add(set(C, "project:p1", "v4", t(0), t(0)))
                .add(override(C, "customer:acme", "v2", t(10), t(20), t(30)))
                .build();

        assertThat(history.owner(C, ACME_P1, t(9))).contains(v("v4"));
        assertThat(history.owner(C, ACME_P1, t(10))).contains(v("v2"));
        assertThat(history.owner(C, ACME_P1, t(19))).contains(v("v2"));
        assertThat(history.owner(C, ACME_P1, t(20))).contains(v("v4"));
        assertThat(history.owner(C, Cohort.ofCustomer("other"), t(15))).contains(v("v1"));
    }

    @Test
    void theLastPublishedOverrideOfAWindowWins() {
        RouteHistory history = RouteHistory.builder()
                .add(override(C, "customer:acme", "v2", t(10), t(20), t(30)))
                .add(override(C, "project:p1", "v3", t(10), t(20), t(40)))
                .add(override(C, "customer:acme", "v1", t(15), t(20), t(50)))
                .build();

        assertThat(history.owner(C, ACME_P1, t(12))).contains(v("v3"));
        assertThat(history.owner(C, ACME_P1, t(16))).contains(v("v1"));
    }

    @Test
    void theAnswerDoesNotDependOnTheOrderChangesWereRead() {
        RouteChange a = set(C, "default", "v1", t(0), t(0));
        RouteChange b = set(C, "default", "v2", t(10), t(1));
        RouteChange c = unset(C, "default", t(20), t(2));

        RouteHistory forward = RouteHistory.builder().add(a).add(b).add(c).build();
        RouteHistory backward = RouteHistory.builder().add(c).add(b).add(a).add(b).build();

        assertThat(backward.size()).isEqualTo(3);
        for (int s = -1; s < 25; s++) {
            assertThat(backward.owner(C, ACME_P1, t(s))).isEqualTo(forward.owner(C, ACME_P1, t(s)));
        }
    }

    @Test
    void invalidChangesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> RouteHistory.builder().add(set(C, "team:x", "v1", t(0), t(0))))
                .hasMessageContaining("team:x");
        assertThatThrownBy(() -> RouteHistory.builder().add(override(C, "default", "v1", t(5), t(5), t(0))))
                .hasMessageContaining("effectiveTo after effectiveFrom");
        assertThatThrownBy(() -> RouteHistory.builder().add(set(C, "default", null, t(0), t(0))))
                .hasMessageContaining("needs a target");
    }

    @Test
    void snapshotsRefuseToDecideAtOrAfterTheHorizon() {
        RouteSnapshot snapshot = new RouteSnapshot(
                RouteHistory.builder().add(set(C, "default", "v1", t(0), t(0))).build(), t(10));

        assertThat(snapshot.decide(C, ACME_P1, t(9))).isEqualTo(new Ownership.Owned(v("v1")));
        assertThat(snapshot.decide(C, ACME_P1, t(9)).isOwnedBy(v("v1"))).isTrue();
        assertThat(snapshot.decide(C, ACME_P1, t(10))).isEqualTo(new Ownership.Undecided(t(10)));
        assertThat(snapshot.decide(C, ACME_P1, t(-5))).isEqualTo(new Ownership.Owned(v("v1")));
        assertThat(snapshot.decide("no-routes-yet", ACME_P1, t(-5))).isEqualTo(new Ownership.Undecided(t(10)));
    }

    @Test
    void anEventOlderThanEveryRouteIsOwnedAsAtTheFirstRouteWhateverItsTimestamp() {
        RouteHistory history = RouteHistory.builder()
                .add(set(C, "customer:acme", "v2", t(10), t(0)))
                .add(set(C, "default", "v1", t(20), t(5)))
                .build();

        assertThat(history.firstRouteTime(C)).contains(t(10));
        for (Instant old : new Instant[] {Instant.ofEpochMilli(1), Instant.ofEpochMilli(-1), t(-3600), t(9)}) {
            assertThat(history.ownershipTime(C, old)).isEqualTo(t(10));
            assertThat(history.owner(C, ACME_P1, old)).contains(v("v2"));
            assertThat(history.owner(C, Cohort.ofCustomer("other"), old)).as("no route at the first route's time")
                    .isEmpty();
        }
        assertThat(history.ownershipTime(C, t(15))).isEqualTo(t(15));
        assertThat(history.firstRouteTime("other")).isEmpty();
    }

    @Test
    void whatNoVersionOwnsIsReportedByTheVersionOfTheLatestRouteInForce() {
        RouteHistory history = RouteHistory.builder()
                .add(set(C, "default", "v1", t(0), t(0)))
                .add(set(C, "customer:acme", "v2", t(10), t(5)))
                .add(unset(C, "default", t(20), t(15)))
                .add(unset(C, "customer:acme", t(30), t(25)))
                .build();

        assertThat(history.unroutableReporter(C, t(-5))).contains(v("v1"));
        assertThat(history.unroutableReporter(C, t(15))).contains(v("v2"));
        assertThat(history.owner(C, Cohort.ofCustomer("other"), t(25))).as("every route removed").isEmpty();
        assertThat(history.unroutableReporter(C, t(35))).as("latest SET in force before the removals")
                .contains(v("v2"));
        assertThat(history.unroutableReporter("other", t(35))).isEmpty();
    }

    @Test
    void routeRecordsRoundTripBothTypes() {
        RouteChange route = set(C, "default", "v1", t(0), t(0));
        var channelChange = channel(C, "beta", "v2", t(5), t(0));

        assertThat(RouteRecords.decode(RouteRecords.encode(route))).isEqualTo(route);
        assertThat(RouteRecords.decode(RouteRecords.encode(channelChange))).isEqualTo(channelChange);
        assertThatThrownBy(() -> RouteRecords.decode(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timingRejectsAMarginThatCannotAbsorbDelayAndSkew() {
        assertThatThrownBy(() -> new RouteTiming(java.time.Duration.ofSeconds(3), java.time.Duration.ofSeconds(2),
                java.time.Duration.ofSeconds(1))).hasMessageContaining("raise the margin");
        assertThat(RouteTiming.DEFAULTS.horizon(t(0))).isEqualTo(t(6));
    }
}
