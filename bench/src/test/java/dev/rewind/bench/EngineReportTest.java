package dev.rewind.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineReportTest {

    @Test
    void comparesTheLivePathsProcessCpuPerEventWithKafkaStreamsLowerBeingBetter(@TempDir Path dir) throws Exception {
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        rates.put(EngineBenchmark.STREAMS, List.of(50_000.0, 40_000.0, 45_000.0));
        rates.put(EngineBenchmark.LIVE, List.of(20_000.0, 25_000.0, 30_000.0));
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        cpu.put(EngineBenchmark.STREAMS, List.of(10.0, 12.0, 11.0));
        cpu.put(EngineBenchmark.LIVE, List.of(16.0, 18.0, 17.6));
        BenchResults results = new BenchResults("engine");

        EngineReport.addRows(results, rates, cpu, Map.of());
        results.write(dir);
        String markdown = EngineReport.markdown(1_000_000, 120, 3, rates, cpu, Map.of(), results);

        JsonNode written = new ObjectMapper().readTree(dir.resolve("engine.json").toFile());
        JsonNode row = written.path("rows").path(1);
        assertThat(row.path("row").asText()).isEqualTo(EngineReport.CPU_ROW);
        assertThat(row.path("measured").asDouble()).isEqualTo(17.6);
        assertThat(row.path("baseline").asDouble()).isEqualTo(11.0);
        assertThat(row.path("ratio").asDouble()).isEqualTo(1.6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(row.path("unit").asText()).isEqualTo(EngineReport.CPU_UNIT);
        assertThat(row.path("met").asBoolean()).isFalse();
        assertThat(written.path("details").path("processCpuSecondsPerMillionEvents").path("live")).hasSize(3);
        assertThat(markdown).contains("| 17.6 | 16.0-18.0 |")
                .contains("| " + EngineReport.CPU_ROW + " | 1.60x | 1.60, 1.50, 1.60 | <= 1.0x | no |");
    }

    @Test
    void withoutBothWorkloadsThereIsNoCpuComparison() {
        assertThat(EngineReport.cpuComparison(Map.of(EngineBenchmark.LIVE, List.of(3.0)))).isEmpty();
    }
}
