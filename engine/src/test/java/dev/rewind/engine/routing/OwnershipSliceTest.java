package dev.rewind.engine.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * A slice answers for every time inside it what the history answers event by event: the engine
 * decides (and skips without decoding) from the slice of the previous event (issue 12).
 */
class OwnershipSliceTest {

    private static final String C = "rc";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> SELECTORS = List.of("default", "plan:x", "customer:a", "project:p1",
            "project:p2");
    private static final List<Cohort> COHORTS = List.of(Cohort.none(), Cohort.of("a", "x", "p1"),
            Cohort.of("b", "y", "p2"), Cohort.ofPlan("x"), Cohort.of("not a valid id!", null, null));

    record Spec(int kind, int selector, int version, int from, int length) {
    }

    @Property(tries = 300)
    void aSliceAnswersForEveryTimeInsideItWhatTheHistoryAnswers(@ForAll("changes") List<Spec> changes,
                                                               @ForAll("times") List<Integer> times) {
        RouteHistory history = build(changes);
        for (int at : times) {
            Instant time = T0.plusMillis(at);
            OwnershipSlice slice = history.slice(C, time);
            assertThat(slice.answers(history, time)).isTrue();
            for (Instant probe : List.of(time, slice.from().equals(Instant.MIN) ? T0.minusSeconds(3600) : slice.from(),
                    slice.to().equals(Instant.MAX) ? T0.plusSeconds(3600) : slice.to().minusMillis(1))) {
                assertThat(history.unroutableReporter(C, probe)).as("reporter at %s", probe)
                        .isEqualTo(slice.unroutableReporter());
                for (Cohort cohort : COHORTS) {
                    Optional<ComponentVersion> owner = history.owner(C, cohort, probe);
                    assertThat(owner).as("owner of %s at %s", cohort, probe)
                            .isEqualTo(history.owner(C, cohort, time));
                    if (slice.cohortIndependent()) {
                        assertThat(owner).as("owner of %s at %s", cohort, probe).isEqualTo(slice.owner());
                    }
                }
            }
        }
    }

    @Test
    void onlyADefaultRouteMakesEveryEventsOwnerTheSameWhateverItsCohort() {
        RouteHistory history = RouteHistory.builder()
                .add(Changes.set(C, "default", "v1", T0, T0.minusSeconds(10)))
                .add(Changes.set(C, "customer:a", "v2", T0.plusSeconds(60), T0.minusSeconds(10)))
                .add(Changes.unset(C, "customer:a", T0.plusSeconds(120), T0.minusSeconds(10)))
                .build();

        OwnershipSlice before = history.slice(C, T0.minusSeconds(5));
        OwnershipSlice during = history.slice(C, T0.plusSeconds(90));
        OwnershipSlice after = history.slice(C, T0.plusSeconds(500));

        assertThat(before.cohortIndependent()).isTrue();
        assertThat(before.owner()).contains(new ComponentVersion(C, "v1"));
        assertThat(before.from()).isEqualTo(Instant.MIN);
        assertThat(before.to()).isEqualTo(T0.plusSeconds(60));
        assertThat(during.cohortIndependent()).isFalse();
        assertThat(during.owner()).isEmpty();
        assertThat(during.from()).isEqualTo(T0.plusSeconds(60));
        assertThat(during.to()).isEqualTo(T0.plusSeconds(120));
        assertThat(after.cohortIndependent()).isTrue();
        assertThat(after.to()).isEqualTo(Instant.MAX);
    }

    @Test
    void aReplayOverrideMakesItsWindowDependOnTheCohort() {
        RouteHistory history = RouteHistory.builder()
                .add(Changes.set(C, "default", "v1", T0, T0.minusSeconds(10)))
                .add(Changes.override(C, "customer:a", "v2", T0.plusSeconds(10), T0.plusSeconds(20), T0))
                .build();

        assertThat(history.slice(C, T0.plusSeconds(15)).cohortIndependent()).isFalse();
        assertThat(history.slice(C, T0.plusSeconds(25)).cohortIndependent()).isTrue();
    }

    @Test
    void aNewerHistoryNeedsANewSlice() {
        RouteHistory.Builder builder = RouteHistory.builder().add(Changes.set(C, "default", "v1", T0, T0));
        RouteHistory first = builder.build();
        RouteHistory second = builder.add(Changes.set(C, "default", "v2", T0.plusSeconds(1), T0)).build();

        assertThat(first.slice(C, T0).answers(second, T0)).isFalse();
    }

    private static RouteHistory build(List<Spec> changes) {
        RouteHistory.Builder builder = RouteHistory.builder();
        for (Spec spec : changes) {
            Instant from = T0.plusMillis(spec.from());
            String selector = SELECTORS.get(spec.selector());
            String version = "v" + spec.version();
            switch (spec.kind()) {
                case 0 -> builder.add(Changes.set(C, selector, version, from, T0));
                case 1 -> builder.add(Changes.unset(C, selector, from, T0));
                case 2 -> builder.add(Changes.override(C, selector, version, from, from.plusMillis(spec.length()), T0));
                case 3 -> builder.add(Changes.setChannel(C, selector, "beta", from, T0));
                default -> builder.add(Changes.channel(C, "beta", version, from, T0));
            }
        }
        return builder.build();
    }

    @Provide
    Arbitrary<List<Spec>> changes() {
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(1, 3), Arbitraries.integers().between(-50, 200),
                Arbitraries.integers().between(1, 60)).as(Spec::new).list().ofMinSize(1).ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<Integer>> times() {
        return Arbitraries.integers().between(-100, 300).list().ofMinSize(1).ofMaxSize(8);
    }
}
