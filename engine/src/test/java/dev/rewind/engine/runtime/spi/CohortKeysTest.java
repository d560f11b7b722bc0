package dev.rewind.engine.runtime.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.protocol.CohortSelector;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CohortKeysTest {

    @Test
    void tooManyIdsOfOneDimensionAreLeftToTheProjection() {
        List<CohortSelector> many = IntStream.range(0, CohortKeys.MAX_PER_DIMENSION + 1)
                .mapToObj(i -> CohortSelector.customer("c" + i)).toList();
        List<CohortSelector> enough = IntStream.range(0, CohortKeys.MAX_PER_DIMENSION)
                .mapToObj(i -> CohortSelector.plan("p" + i)).toList();

        assertThat(CohortKeys.of(many)).isEmpty();
        assertThat(CohortKeys.of(enough)).isPresent();
    }

    @Test
    void theDefaultSelectorAndRepeatedIdsAddNoKey() {
        CohortKeys keys = CohortKeys.of(List.of(CohortSelector.DEFAULT, CohortSelector.customer("acme"),
                CohortSelector.customer("acme"), CohortSelector.project("p1"))).orElseThrow();

        assertThat(keys.values().values(0)).containsExactly("acme");
        assertThat(keys.values().values(1)).isEmpty();
        assertThat(keys.values().values(2)).containsExactly("p1");
    }
}
