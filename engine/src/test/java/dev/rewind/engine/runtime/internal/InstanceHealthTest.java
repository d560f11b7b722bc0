package dev.rewind.engine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.health.ProbeResult;
import dev.rewind.engine.routing.RouteSnapshot;
import dev.rewind.engine.routing.RouteTiming;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class InstanceHealthTest {

    private static final Duration MAX_POLL_INTERVAL = Duration.ofMinutes(5);

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final AtomicBoolean threadAlive = new AtomicBoolean(true);
    private final AtomicReference<Optional<Duration>> routeLag = new AtomicReference<>(Optional.of(Duration.ZERO));
    private final InstanceHealth health = new InstanceHealth("release.v1", MAX_POLL_INTERVAL,
            InstanceHealth.DEFAULT_ROUTE_HISTORY_MAX_LAG, threadAlive::get, nanos::get);

    InstanceHealthTest() {
        health.followRouteHistory(routeLag::get);
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private void runningWith(List<TopicPartition> partitions) {
        health.starting();
        health.subscribed();
        health.polled();
        health.restoring(partitions);
        health.restored();
    }

    @Test
    void isReadyOnceJoinedWithItsPartitionsRestoredAndTheRouteHistoryRead() {
        runningWith(List.of(new TopicPartition("release.events", 0)));

        assertThat(health.readiness()).isEqualTo(ProbeResult.UP);
        assertThat(health.liveness()).isEqualTo(ProbeResult.UP);
    }

    @Test
    void isNotReadyBeforeItSubscribesNorBeforeItsFirstAssignment() {
        health.starting();
        assertThat(health.readiness().reasons()).anySatisfy(r -> assertThat(r).startsWith("Starting"));

        health.subscribed();
        health.polled();

        assertThat(health.readiness().up()).isFalse();
        assertThat(health.readiness().reasons()).anySatisfy(r -> assertThat(r).contains("release.v1"));
        assertThat(health.liveness().up()).isTrue();
    }

    @Test
    void anEmptyAssignmentIsReady() {
        runningWith(List.of());

        assertThat(health.readiness().up()).isTrue();
    }

    @Test
    void isNotReadyButAliveWhileItRestoresHoweverLongThatTakes() {
        runningWith(List.of());
        TopicPartition partition = new TopicPartition("release.events", 3);

        health.restoring(List.of(partition));
        advance(MAX_POLL_INTERVAL.multipliedBy(3));

        assertThat(health.readiness().up()).isFalse();
        assertThat(health.readiness().reasons()).anySatisfy(r -> assertThat(r).contains("release.events-3"));
        assertThat(health.liveness().up()).isTrue();

        health.restored();

        assertThat(health.readiness().up()).isTrue();
        assertThat(health.liveness().up()).isTrue();
    }

    @Test
    void isNotReadyUntilTheRouteHistoryHasBeenReadToItsEndNorWhenItFallsBehind() {
        runningWith(List.of());

        routeLag.set(Optional.empty());
        assertThat(health.readiness().reasons()).singleElement().asString().contains("not been read to its end");

        routeLag.set(Optional.of(InstanceHealth.DEFAULT_ROUTE_HISTORY_MAX_LAG.plusSeconds(1)));
        assertThat(health.readiness().reasons()).singleElement().asString().contains("PT31S behind");
        assertThat(health.liveness().up()).as("a broker problem is not fixed by a restart").isTrue();

        routeLag.set(Optional.of(InstanceHealth.DEFAULT_ROUTE_HISTORY_MAX_LAG));
        assertThat(health.readiness().up()).isTrue();
    }

    @Test
    void isNotAliveWhenTheLoopHasNotPolledForMaxPollInterval() {
        runningWith(List.of());

        advance(MAX_POLL_INTERVAL);
        assertThat(health.liveness().up()).isTrue();

        advance(Duration.ofMillis(1));
        assertThat(health.liveness().up()).isFalse();
        assertThat(health.liveness().reasons()).singleElement().asString().contains("max.poll.interval.ms");

        health.polled();
        assertThat(health.liveness().up()).isTrue();
    }

    @Test
    void aStartThatNeverReachesItsFirstPollIsNotAliveAfterMaxPollInterval() {
        health.starting();

        advance(MAX_POLL_INTERVAL.plusSeconds(1));

        assertThat(health.liveness().up()).isFalse();
    }

    @Test
    void isNeitherReadyNorAliveWhenTheLoopThreadDiedOrTheInstanceStopped() {
        runningWith(List.of());
        threadAlive.set(false);

        assertThat(health.liveness().reasons()).singleElement().asString().contains("thread");

        threadAlive.set(true);
        health.stopped("Failed: fenced");

        assertThat(health.liveness().reasons()).containsExactly("Failed: fenced");
        assertThat(health.readiness().reasons()).containsExactly("Failed: fenced");
    }

    @Test
    void theRouteHistoryLagIsHowFarItsHorizonTrailsNowsHorizon() {
        RouteTiming timing = RouteTiming.DEFAULTS;
        Instant now = Instant.parse("2026-11-30T12:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);

        assertThat(Ownerships.lag(RouteSnapshot.INITIAL.horizon(), timing, clock)).isEmpty();
        assertThat(Ownerships.lag(timing.horizon(now.minusSeconds(45)), timing, clock))
                .contains(Duration.ofSeconds(45));
        assertThat(Ownerships.lag(timing.horizon(now.plusSeconds(1)), timing, clock)).contains(Duration.ZERO);
    }
}
