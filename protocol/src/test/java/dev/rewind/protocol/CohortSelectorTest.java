package dev.rewind.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.engine.processor.Cohort;
import org.junit.jupiter.api.Test;

class CohortSelectorTest {

    @Test
    void parsesEveryFormAndPrintsItBack() {
        for (String text : new String[] {"project:p1", "customer:acme", "plan:pro", "default"}) {
            assertThat(CohortSelector.parse(text).toString()).isEqualTo(text);
        }
        assertThat(CohortSelector.parse("customer:ada@example.com").id()).isEqualTo("ada@example.com");
        assertThat(CohortSelector.parse("project:" + "p".repeat(CohortGrammar.MAX_LENGTH)).id())
                .hasSize(CohortGrammar.MAX_LENGTH);
    }

    @Test
    void rejectsUnknownOrIncompleteSelectorsWithTheAcceptedForms() {
        assertThatThrownBy(() -> CohortSelector.parse("team:x"))
                .hasMessageContaining("team:x").hasMessageContaining("project:<id>, customer:<id>, plan:<id> or default");
        assertThatThrownBy(() -> CohortSelector.parse("project")).hasMessageContaining("project");
        assertThatThrownBy(() -> CohortSelector.parse("project:")).hasMessageContaining("1 to 128");
        assertThatThrownBy(() -> CohortSelector.parse("customer: acme")).hasMessageContaining("' acme'");
        assertThatThrownBy(() -> CohortSelector.parse(null)).hasMessageContaining("missing");
    }

    @Test
    void rejectsIdsOutsideTheOneGrammarNamingTheEscapedValue() {
        for (String id : new String[] {"a:b", "a\u0000", "a\u0007", "\u202Eevil", "smile\uD83D\uDE00", "a b", "a/b",
                "a+b", "-a", "p".repeat(CohortGrammar.MAX_LENGTH + 1), "x".repeat(100_000)}) {
            assertThatThrownBy(() -> CohortSelector.parse("customer:" + id)).as(id)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ASCII letters, digits");
        }
        assertThatThrownBy(() -> CohortSelector.customer("\u202Eevil")).hasMessageContaining("\\u202E");
        assertThatThrownBy(() -> CohortSelector.customer("x".repeat(100_000)))
                .hasMessageContaining("(100000 characters)");
    }

    @Test
    void anEventCohortValueOutsideTheGrammarIsMatchedByTheOtherSelectorsOnly() {
        assertThat(CohortSelector.matching(Cohort.of("Acme Corp", "pro", null))).extracting(CohortSelector::toString)
                .containsExactly("plan:pro", "default");
    }

    @Test
    void matchesOnlyCohortsWithThatDimensionValue() {
        Cohort cohort = Cohort.of("acme", "pro", "p1");

        assertThat(CohortSelector.project("p1").matches(cohort)).isTrue();
        assertThat(CohortSelector.project("p2").matches(cohort)).isFalse();
        assertThat(CohortSelector.customer("acme").matches(cohort)).isTrue();
        assertThat(CohortSelector.plan("pro").matches(cohort)).isTrue();
        assertThat(CohortSelector.plan("pro").matches(Cohort.ofCustomer("acme"))).isFalse();
        assertThat(CohortSelector.DEFAULT.matches(Cohort.none())).isTrue();
    }

    @Test
    void ordersMatchingSelectorsFromProjectToDefault() {
        assertThat(CohortSelector.matching(Cohort.of("acme", "pro", "p1")))
                .extracting(CohortSelector::toString)
                .containsExactly("project:p1", "customer:acme", "plan:pro", "default");
        assertThat(CohortSelector.project("p").specificity())
                .isGreaterThan(CohortSelector.customer("c").specificity());
        assertThat(CohortSelector.customer("c").specificity())
                .isGreaterThan(CohortSelector.plan("p").specificity());
        assertThat(CohortSelector.plan("p").specificity()).isGreaterThan(CohortSelector.DEFAULT.specificity());
    }
}
