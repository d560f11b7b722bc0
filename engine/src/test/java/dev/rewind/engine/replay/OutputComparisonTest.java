package dev.rewind.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.replay.OutputComparison.Output;
import dev.rewind.schemas.avro.DryRunDifference;
import dev.rewind.schemas.avro.DryRunDifferenceKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputComparisonTest {

    private static Output out(String topic, String key, String value) {
        return new Output(topic, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8), value);
    }

    @Test
    void countsSameChangedNewAndMissingOutputsPerEvent() {
        OutputComparison comparison = new OutputComparison();

        comparison.add("e1", List.of(out("decisions", "p1", "ok")), List.of(out("decisions", "p1", "ok")));
        comparison.add("e2", List.of(out("decisions", "p1", "WRONG")), List.of(out("decisions", "p1", "ok")));
        comparison.add("e3", List.of(), List.of(out("alerts", "p1", "new")));
        comparison.add("e4", List.of(out("alerts", "p2", "old")), List.of());
        comparison.add("e5", List.of(out("decisions", "p1", "a"), out("decisions", "p1", "b")),
                List.of(out("decisions", "p1", "b"), out("decisions", "p1", "c"), out("decisions", "p9", "d")));

        assertThat(comparison.events()).isEqualTo(5);
        assertThat(comparison.same()).isEqualTo(2);
        assertThat(comparison.changed()).isEqualTo(2);
        assertThat(comparison.added()).isEqualTo(2);
        assertThat(comparison.missing()).isEqualTo(1);
        assertThat(comparison.sample()).extracting(DryRunDifference::getEventId, DryRunDifference::getKind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("e2", DryRunDifferenceKind.CHANGED),
                        org.assertj.core.groups.Tuple.tuple("e3", DryRunDifferenceKind.NEW),
                        org.assertj.core.groups.Tuple.tuple("e4", DryRunDifferenceKind.MISSING),
                        org.assertj.core.groups.Tuple.tuple("e5", DryRunDifferenceKind.CHANGED),
                        org.assertj.core.groups.Tuple.tuple("e5", DryRunDifferenceKind.NEW));
        DryRunDifference changed = comparison.sample().get(0);
        assertThat(changed.getExpected()).isEqualTo("WRONG");
        assertThat(changed.getActual()).isEqualTo("ok");
        assertThat(changed.getTopic()).isEqualTo("decisions");
        assertThat(changed.getKey()).isEqualTo("p1");
    }

    @Test
    void comparesValuesByBytesAndKeepsOnlyAFewDifferences() {
        OutputComparison comparison = new OutputComparison();

        for (int i = 0; i < 100; i++) {
            comparison.add("e" + i, List.of(out("t", "k", "v" + i)), List.of(out("t", "k", "w" + i)));
        }
        comparison.add("tomb", List.of(out("t", "k", null)), List.of(out("t", "k", null)));

        assertThat(comparison.changed()).isEqualTo(100);
        assertThat(comparison.same()).isEqualTo(1);
        assertThat(comparison.sample()).hasSize(OutputComparison.SAMPLE_SIZE);
    }

    @Test
    void avroValuesThatDecodeAlikeAreTheSameWhateverSchemaIdTheirWritersGot() {
        byte[] withId1 = {0, 0, 0, 0, 1, 2, 'o', 'k'};
        byte[] withId7 = {0, 0, 0, 0, 7, 2, 'o', 'k'};
        byte[] otherValue = {0, 0, 0, 0, 7, 2, 'n', 'o'};
        OutputComparison comparison = new OutputComparison();

        comparison.add("e1", List.of(new Output("t", "k", withId1, "{\"action\": \"ok\"}")),
                List.of(new Output("t", "k", withId7, "{\"action\": \"ok\"}")));
        comparison.add("e2", List.of(new Output("t", "k", withId1, "{\"action\": \"ok\"}")),
                List.of(new Output("t", "k", otherValue, "{\"action\": \"no\"}")));
        comparison.add("e3", List.of(out("t", "k", "plain")), List.of(new Output("t", "k", "other".getBytes(
                StandardCharsets.UTF_8), "plain")));

        assertThat(comparison.same()).isEqualTo(1);
        assertThat(comparison.changed()).as("a different record, and bytes that are not Avro").isEqualTo(2);
    }
}
