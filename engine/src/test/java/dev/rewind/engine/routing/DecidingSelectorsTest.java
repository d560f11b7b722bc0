package dev.rewind.engine.routing;

import static dev.rewind.engine.routing.Changes.channel;
import static dev.rewind.engine.routing.Changes.override;
import static dev.rewind.engine.routing.Changes.ramp;
import static dev.rewind.engine.routing.Changes.set;
import static dev.rewind.engine.routing.Changes.setChannel;
import static dev.rewind.engine.routing.Changes.unset;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.protocol.CohortSelector;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An event's owner depends on its cohort only through which deciding selectors it matches, so the
 * engine may compare the cohort's bytes with those selectors' ids instead of reading it (issue 12).
 */
class DecidingSelectorsTest {

    private static final String C = "rc";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> SELECTORS = List.of("default", "customer:acme", "customer:globex", "plan:pro",
            "plan:team", "project:p1", "project:p2");

    @Test
    void cohortsMatchingTheSameDecidingSelectorsHaveTheSameOwnerAtEveryTime() {
        Random random = new Random(7L);
        for (int h = 0; h < 300; h++) {
            RouteHistory history = history(random);
            List<CohortSelector> deciding = history.decidingSelectors(C).orElseThrow();
            for (int e = 0; e < 50; e++) {
                Cohort cohort = Cohort.of(pick(random, "acme", "globex", "initech", "Acme", "acme2"),
                        pick(random, "pro", "team", "free"), pick(random, "p1", "p2", "p3"));
                Cohort canonical = canonical(cohort, deciding);
                Instant time = t(random.nextInt(120) - 10);

                assertThat(history.owner(C, canonical, time)).as(cohort + " at " + time + " in " + history)
                        .isEqualTo(history.owner(C, cohort, time));
            }
        }
    }

    @Test
    void aRampMakesTheOwnerDependOnADimensionsValueSoNoSelectorsDecideAlone() {
        RouteHistory ramped = RouteHistory.builder()
                .add(set(C, "default", "v1", t(0), t(0)))
                .add(ramp(C, "plan:pro", "v1", "v2", 5_000, t(10), t(0)))
                .build();
        RouteHistory plain = RouteHistory.builder()
                .add(set(C, "default", "v1", t(0), t(0)))
                .add(set(C, "customer:acme", "v2", t(10), t(0)))
                .add(override(C, "project:p1", "v3", t(0), t(5), t(20)))
                .build();

        assertThat(ramped.decidingSelectors(C)).isEmpty();
        assertThat(plain.decidingSelectors(C)).hasValueSatisfying(selectors -> assertThat(selectors)
                .containsExactlyInAnyOrder(CohortSelector.DEFAULT, CohortSelector.customer("acme"),
                        CohortSelector.project("p1")));
        assertThat(RouteHistory.empty().decidingSelectors(C)).hasValue(List.of());
    }

    private static RouteHistory history(Random random) {
        RouteHistory.Builder builder = RouteHistory.builder().add(set(C, "default", "v1", t(0), t(0)));
        builder.add(channel(C, "stable", "v2", t(random.nextInt(60)), t(0)));
        for (int i = random.nextInt(8); i > 0; i--) {
            String selector = SELECTORS.get(random.nextInt(SELECTORS.size()));
            Instant from = t(random.nextInt(100));
            switch (random.nextInt(4)) {
                case 0 -> builder.add(set(C, selector, "v" + (1 + random.nextInt(3)), from, t(0)));
                case 1 -> builder.add(setChannel(C, selector, "stable", from, t(0)));
                case 2 -> builder.add(unset(C, selector, from, t(0)));
                default -> builder.add(override(C, selector, "v" + (1 + random.nextInt(3)), from,
                        from.plusSeconds(1 + random.nextInt(30)), t(100)));
            }
        }
        return builder.build();
    }

    /** Each dimension kept when a deciding selector names it, else absent. */
    private static Cohort canonical(Cohort cohort, List<CohortSelector> deciding) {
        return Cohort.of(kept(cohort.customer().orElse(null), CohortSelector.Kind.CUSTOMER, deciding),
                kept(cohort.plan().orElse(null), CohortSelector.Kind.PLAN, deciding),
                kept(cohort.project().orElse(null), CohortSelector.Kind.PROJECT, deciding));
    }

    private static String kept(String value, CohortSelector.Kind kind, List<CohortSelector> deciding) {
        return deciding.stream().anyMatch(s -> s.kind() == kind && s.id().equals(value)) ? value : null;
    }

    private static String pick(Random random, String... values) {
        int index = random.nextInt(values.length + 1);
        return index == values.length ? null : values[index];
    }

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }
}
