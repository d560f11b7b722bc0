package dev.rewind.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The machine-readable half of a benchmark's result: {@code bench/results/<name>.json}, one row per
 * compared pair, beside the Markdown the benchmark writes for people.
 *
 * <p>Shape: {@code {"name", "startedAt", "cores", "jvm", "loadAverageBefore", "loadAverageAfter",
 * "rows": [{"row", "measured", "baseline", "ratio", "unit", "goal", "met", "samples", "baselineSamples"}],
 * "details": {...}}} (details only when a benchmark added some).
 * {@code measured} and {@code baseline} are medians of the repeated samples, in {@code unit}; the
 * samples are kept so the spread can be recomputed. The load average is the machine's 1-minute
 * figure (a 2-core machine shared with builds is noisy: read ratios, not absolutes).
 */
final class BenchResults {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String name;
    private final Instant startedAt = Instant.now();
    private final double loadBefore = loadAverage();
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final Map<String, Object> details = new LinkedHashMap<>();

    BenchResults(String name) {
        this.name = name;
    }

    /**
     * Adds a compared pair.
     *
     * @param row what is measured against what, as the table names it
     * @param samples the measured workload's repeated results (at least one)
     * @param baselineSamples the baseline's repeated results in the same run and unit
     * @param unit e.g. {@code "events/s"}, {@code "s"}, {@code "ms"}
     * @param goal the goal as text, e.g. {@code ">= 1.0x"}
     * @param met whether the goal is met by the medians
     */
    void add(String row, double[] samples, double[] baselineSamples, String unit, String goal, boolean met) {
        double measured = median(samples);
        double baseline = median(baselineSamples);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("row", row);
        entry.put("measured", measured);
        entry.put("baseline", baseline);
        entry.put("ratio", baseline == 0 ? null : measured / baseline);
        entry.put("unit", unit);
        entry.put("goal", goal);
        entry.put("met", met);
        entry.put("samples", samples);
        entry.put("baselineSamples", baselineSamples);
        rows.add(entry);
    }

    /**
     * Adds what a row's two numbers do not say, written under {@code "details"}: e.g. lag samples per
     * version, or the checks a workload made ({@code "duplicates": 0}). Values must be JSON-mappable.
     */
    void detail(String key, Object value) {
        details.put(key, value);
    }

    /** The 1-minute load average when this result was started. */
    double loadBefore() {
        return loadBefore;
    }

    /** Writes {@code <dir>/<name>.json}. */
    void write(Path dir) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", name);
        document.put("startedAt", startedAt.toString());
        document.put("cores", Runtime.getRuntime().availableProcessors());
        document.put("jvm", System.getProperty("java.version"));
        document.put("loadAverageBefore", loadBefore);
        document.put("loadAverageAfter", loadAverage());
        document.put("rows", rows);
        if (!details.isEmpty()) {
            document.put("details", details);
        }
        Files.createDirectories(dir);
        MAPPER.writeValue(dir.resolve(name + ".json").toFile(), document);
    }

    /** The median of {@code samples}; the mean of the middle two for an even count. */
    static double median(double[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples: run each workload at least once");
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** The spread as Markdown shows it: {@code min-max}, e.g. {@code "12.1-14.0"}. */
    static String spread(double[] samples) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%.1f-%.1f", sorted[0], sorted[sorted.length - 1]);
    }

    /** The 1-minute load average, or -1 where the platform has none. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
