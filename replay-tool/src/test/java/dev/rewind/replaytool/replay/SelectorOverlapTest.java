package dev.rewind.replaytool.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.protocol.CohortSelector;
import org.junit.jupiter.api.Test;

class SelectorOverlapTest {

    private static boolean overlap(String a, String b) {
        return SelectorOverlap.overlaps(CohortSelector.parse(a), CohortSelector.parse(b));
    }

    @Test
    void defaultOverlapsEverything() {
        assertThat(overlap("default", "customer:acme")).isTrue();
        assertThat(overlap("project:x", "default")).isTrue();
        assertThat(overlap("default", "default")).isTrue();
    }

    @Test
    void selectorsOfDifferentDimensionsOverlapBecauseOneEventCanMatchBoth() {
        assertThat(overlap("customer:acme", "plan:pro")).isTrue();
        assertThat(overlap("project:x", "customer:other")).isTrue();
    }

    @Test
    void selectorsOfTheSameDimensionOverlapOnlyWhenEqual() {
        assertThat(overlap("customer:acme", "customer:acme")).isTrue();
        assertThat(overlap("customer:acme", "customer:globex")).isFalse();
        assertThat(overlap("plan:free", "plan:pro")).isFalse();
    }
}
