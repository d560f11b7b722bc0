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
        assertThat(CohortSelector.parse("customer:a:b").id()).isEqualTo("a:b");
    }

    @Test
    void rejectsUnknownOrIncompleteSelectorsWithTheAcceptedForms() {
        assertThatThrownBy(() -> CohortSelector.parse("team:x"))
                .hasMessageContaining("team:x").hasMessageContaining("project:<id>, customer:<id>, plan:<id> or default");
        assertThatThrownBy(() -> CohortSelector.parse("project")).hasMessageContaining("project");
        assertThatThrownBy(() -> CohortSelector.parse("project:")).hasMessageContaining("non-blank id");
        assertThatThrownBy(() -> CohortSelector.parse("customer: acme")).hasMessageContaining("surrounding spaces");
        assertThatThrownBy(() -> CohortSelector.parse(null)).hasMessageContaining("missing");
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
