package dev.rewind.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchResultsTest {

    @Test
    void theMedianOfAnOddCountIsTheMiddleSampleAndOfAnEvenCountTheMeanOfTheMiddleTwo() {
        assertThat(BenchResults.median(new double[] {9, 1, 5})).isEqualTo(5);
        assertThat(BenchResults.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThatThrownBy(() -> BenchResults.median(new double[0])).hasMessageContaining("at least once");
    }

    @Test
    void writesOneRowPerPairWithMediansRatioAndSamples(@TempDir Path dir) throws Exception {
        BenchResults results = new BenchResults("engine");
        results.add("engine live vs Kafka Streams", new double[] {30, 10, 20}, new double[] {40, 40, 50},
                "events/s", ">= 1.0x", false);
        results.write(dir);

        JsonNode written = new ObjectMapper().readTree(dir.resolve("engine.json").toFile());
        JsonNode row = written.path("rows").path(0);
        assertThat(written.path("name").asText()).isEqualTo("engine");
        assertThat(row.path("measured").asDouble()).isEqualTo(20);
        assertThat(row.path("baseline").asDouble()).isEqualTo(40);
        assertThat(row.path("ratio").asDouble()).isEqualTo(0.5);
        assertThat(row.path("met").asBoolean()).isFalse();
        assertThat(row.path("samples")).hasSize(3);
        assertThat(BenchResults.spread(new double[] {30, 10, 20})).isEqualTo("10.0-30.0");
    }
}
