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

        join.outcome("e1", new OwnerOutcome("v1", true, 1), T0.plusSeconds(1));
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
        join.outcome("e1", new OwnerOutcome("v1", true, 2), T0);
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
        join.outcome("e1", new OwnerOutcome("v1", true, 1), T0);
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
        join.outcome("fixed", new OwnerOutcome("v1", false, 0), T0);
        join.shadowed("broken", List.of(), true, T0);
        join.outcome("broken", new OwnerOutcome("v1", true, 1), T0);
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
        join.outcome("e1", new OwnerOutcome("v1", true, 0), T0);
        join.outcome("e1", new OwnerOutcome("v2", true, 1), T0);
        join.settle(T0);

        LiveJoin.Counts counts = join.counts();
        assertThat(counts.events()).isEqualTo(1);
        assertThat(counts.owners()).containsOnlyKeys("v1");
        assertThat(counts.same() + counts.changed() + counts.added() + counts.missing()).isZero();
    }

    @Test
    void outcomesAndOutputsNobodyAskedForAreForgottenAfterTwiceTheSettleTimeout() {
        join.outcome("other-cohort", new OwnerOutcome("v1", true, 1), T0);
        join.output(new Produced("other-cohort", "v1"), out("p9", "x"), T0);
        join.settle(T0.plus(SETTLE.multipliedBy(2)).plusMillis(1));

        join.shadowed("other-cohort", List.of(out("p9", "x")), false, T0.plus(SETTLE.multipliedBy(2)));
        join.settle(T0.plus(SETTLE.multipliedBy(2)).plusMillis(2));

        assertThat(join.counts().compared()).as("the old outcome was dropped").isZero();
        assertThat(join.counts().pending()).isEqualTo(1);
    }
}
