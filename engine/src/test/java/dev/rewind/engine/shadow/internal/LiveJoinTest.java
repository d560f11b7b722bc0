package dev.rewind.engine.shadow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.replay.OutputComparison.Output;
import dev.rewind.engine.shadow.internal.LiveJoin.OwnerOutcome;
import dev.rewind.engine.shadow.internal.LiveJoin.Produced;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveJoinTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final LiveJoin.SourcePartition P0 = new LiveJoin.SourcePartition("release.events", 0);

    private final LiveJoin join = new LiveJoin(SETTLE);

    private static Output out(String key, String value) {
        return new Output("decisions", key, value.getBytes(StandardCharsets.UTF_8), value);
    }

    @Test
    void comparesAnEventOnceTheShadowTheOutcomeAndTheOutputsAreAllThereInAnyOrder() {
        join.output(new Produced("e1", "v1"), out("p1", "RELEASE"), T0);
        join.shadowed("e1", List.of(out("p1", "RELEASE")), false, T0);
        join.settle(T0);
        assertThat(join.counts().pending()).as("no outcome yet").isEqualTo(1);

        join.outcome("e1", new OwnerOutcome("v1", true, 1, P0, 101), T0.plusSeconds(1));
        join.settle(T0.plusSeconds(1));

        LiveJoin.Counts counts = join.counts();
        assertThat(counts.compared()).isEqualTo(1);
        assertThat(counts.same()).isEqualTo(1);
        assertThat(counts.pending()).isZero();
        assertThat(counts.owners()).containsEntry("v1", 1L);
    }

    @Test
    void waitsForEveryOutputTheOutcomeCounts() {
        join.shadowed("e1", List.of(out("p1", "a"), out("p1", "b")), false, T0);
        join.outcome("e1", new OwnerOutcome("v1", true, 2, P0, 102), T0);
        join.output(new Produced("e1", "v1"), out("p1", "a"), T0);
        join.settle(T0);
        assertThat(join.counts().compared()).as("one of two outputs read").isZero();

        join.output(new Produced("e1", "v1"), out("p1", "b"), T0);
        join.settle(T0);
        assertThat(join.counts().same()).isEqualTo(2);
    }

    @Test
    void anOutputOfAnotherVersionIsNotTheOwners() {
        join.shadowed("e1", List.of(out("p1", "HOLD")), false, T0);
        join.output(new Produced("e1", "v2"), out("p1", "HOLD"), T0);
        join.outcome("e1", new OwnerOutcome("v1", true, 1, P0, 103), T0);
        join.output(new Produced("e1", "v1"), out("p1", "RELEASE"), T0);
        join.settle(T0);

        LiveJoin.Counts counts = join.counts();
        assertThat(counts.changed()).isEqualTo(1);
        assertThat(counts.sample()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("changed");
            assertThat(d.expected()).isEqualTo("RELEASE");
            assertThat(d.actual()).isEqualTo("HOLD");
        });
    }

    @Test
    void anOwnerErrorCountsTheShadowsOutputsAsNewAndAShadowErrorTheOwnersAsMissing() {
        join.shadowed("fixed", List.of(out("p1", "RELEASE")), false, T0);
        join.outcome("fixed", new OwnerOutcome("v1", false, 0, P0, 104), T0);
        join.shadowed("broken", List.of(), true, T0);
        join.outcome("broken", new OwnerOutcome("v1", true, 1, P0, 105), T0);
        join.output(new Produced("broken", "v1"), out("p2", "HOLD"), T0);
        join.settle(T0);

        LiveJoin.Counts counts = join.counts();
        assertThat(counts.added()).isEqualTo(1);
        assertThat(counts.missing()).isEqualTo(1);
        assertThat(counts.ownerErrors()).isEqualTo(1);
        assertThat(counts.shadowErrors()).isEqualTo(1);
        assertThat(counts.compared()).isEqualTo(2);
    }

    @Test
    void anEventWithoutAnOwnerOutcomeWithinTheSettleTimeoutIsUnmatchedNotCompared() {
        join.shadowed("e1", List.of(out("p1", "RELEASE")), false, T0);
        join.settle(T0.plus(SETTLE));
        assertThat(join.counts().pending()).isEqualTo(1);

        join.settle(T0.plus(SETTLE).plusMillis(1));

        LiveJoin.Counts counts = join.counts();
        assertThat(counts.unmatched()).isEqualTo(1);
        assertThat(counts.pending()).isZero();
        assertThat(counts.compared()).isZero();
        assertThat(counts.added()).isZero();
    }

    @Test
    void onlyTheFirstOutcomeOfAnEventCountsAndAnEventIsShadowedOnce() {
        join.shadowed("e1", List.of(), false, T0);
        join.shadowed("e1", List.of(out("p1", "again")), false, T0);
        join.outcome("e1", new OwnerOutcome("v1", true, 0, P0, 106), T0);
        join.outcome("e1", new OwnerOutcome("v2", true, 1, P0, 107), T0);
        join.settle(T0);

        LiveJoin.Counts counts = join.counts();
        assertThat(counts.events()).isEqualTo(1);
        assertThat(counts.owners()).containsOnlyKeys("v1");
        assertThat(counts.same() + counts.changed() + counts.added() + counts.missing()).isZero();
    }

    @Test
    void anOutcomeIsKeptWhileTheShadowLagsAndDroppedOnceTheShadowPassedItsEventWithoutRunningIt() {
        join.passed(P0, 10);
        join.outcome("before-the-start", new OwnerOutcome("v1", true, 0, P0, 9), T0);
        join.outcome("ahead-of-the-shadow", new OwnerOutcome("v1", true, 1, P0, 50), T0);
        join.output(new Produced("ahead-of-the-shadow", "v1"), out("p1", "x"), T0);
        join.outcome("other-cohort", new OwnerOutcome("v1", true, 1, P0, 40), T0);
        join.output(new Produced("other-cohort", "v1"), out("p9", "y"), T0);

        // the owner is ten minutes ahead: nothing is forgotten by age
        Instant later = T0.plus(Duration.ofMinutes(10));
        join.settle(later);
        join.passed(P0, 41);
        join.shadowed("before-the-start", List.of(), false, later);
        join.shadowed("ahead-of-the-shadow", List.of(out("p1", "x")), false, later);
        join.settle(later);

        LiveJoin.Counts counts = join.counts();
        assertThat(counts.same()).as("joined although the outcome came ten minutes earlier").isEqualTo(1);
        assertThat(counts.compared()).isEqualTo(1);
        assertThat(counts.pending()).as("its outcome came before the shadow's start position").isEqualTo(1);
        join.shadowed("other-cohort", List.of(out("p9", "y")), false, later);
        join.settle(later);
        assertThat(join.counts().compared()).as("the passed event's outcome was dropped").isEqualTo(1);
    }

    @Test
    void outputsWithoutAKeptOutcomeAreDroppedAfterAFewSettleTimeouts() {
        Duration orphaned = SETTLE.multipliedBy(LiveJoin.ORPHAN_OUTPUT_TIMEOUTS);
        join.output(new Produced("early", "v1"), out("p1", "x"), T0);
        join.output(new Produced("e1", "v1"), out("p1", "x"), T0);
        join.settle(T0.plus(orphaned));
        join.shadowed("early", List.of(out("p1", "x")), false, T0.plus(orphaned));
        join.outcome("early", new OwnerOutcome("v1", true, 1, P0, 0), T0.plus(orphaned));
        join.settle(T0.plus(orphaned));
        assertThat(join.counts().same()).as("its outcome came long after the output").isEqualTo(1);

        join.settle(T0.plus(orphaned).plusMillis(1));
        join.shadowed("e1", List.of(out("p1", "x")), false, T0.plus(orphaned));
        join.outcome("e1", new OwnerOutcome("v1", true, 1, P0, 1), T0.plus(orphaned));
        join.settle(T0.plus(orphaned).plusMillis(2));
        assertThat(join.counts().compared()).as("waits for the dropped output").isEqualTo(1);
        join.settle(T0.plus(orphaned).plus(SETTLE).plusMillis(1));
        assertThat(join.counts().added()).as("compared late, without it").isEqualTo(1);
    }
}
