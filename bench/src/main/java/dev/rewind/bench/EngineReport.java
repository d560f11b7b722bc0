package dev.rewind.bench;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The engine benchmark's rows (issue 12's table) and its Markdown report. */
final class EngineReport {

    /** One compared pair: the workload measured, its baseline and the goal on their ratio. */
    record Pair(String row, String measured, String baseline, double goal) {
    }

    static final List<Pair> PAIRS = List.of(
            new Pair("engine live path vs Kafka Streams exactly_once_v2", EngineBenchmark.LIVE,
                    EngineBenchmark.STREAMS, 1.0),
            new Pair("engine live path vs hand-written transactional loop", EngineBenchmark.LIVE,
                    EngineBenchmark.LOOP, 1.0),
            new Pair("skip path vs raw KafkaConsumer count loop", EngineBenchmark.SKIP, EngineBenchmark.RAW, 0.7),
            new Pair("skip path with per-cohort routes (projection) vs raw KafkaConsumer count loop",
                    EngineBenchmark.SKIP_COHORT, EngineBenchmark.RAW, 0.7));

    static final Map<String, String> WORKLOADS = Map.of(
            EngineBenchmark.RAW, "raw KafkaConsumer count loop (no decode, no output)",
            EngineBenchmark.SKIP, "engine skip path, default route only (every event owned by another version: skipped by timestamp)",
            EngineBenchmark.SKIP_COHORT, "engine skip path, a customer routed elsewhere too (cohort read by projection)",
            EngineBenchmark.LOOP, "hand-written transactional consume-produce loop (decode + encode, one txn per poll)",
            EngineBenchmark.STREAMS, "Kafka Streams exactly_once_v2 (decode + encode, commit.interval.ms=100)",
            EngineBenchmark.LIVE, "engine live path (decode, routing, dedupe, outcome per event, EOS v2, commit.interval.ms=100)");

    static final double LATENCY_GOAL_MS = 100;

    /** The CPU comparison: the engine live path's process CPU per event against Kafka Streams' (lower is better). */
    static final String CPU_ROW = "process CPU per event, engine live path vs Kafka Streams exactly_once_v2"
            + " (lower is better)";
    static final String CPU_UNIT = "CPU s per 1M events";

    private EngineReport() {
    }

    static void addRows(BenchResults results, Map<String, List<Double>> rates, Map<String, List<Double>> cpu,
                        Map<String, List<LatencyScenario.Result>> latencies) {
        for (Pair pair : PAIRS) {
            double[] measured = samples(rates, pair.measured());
            double[] baseline = samples(rates, pair.baseline());
            if (measured.length == 0 || baseline.length == 0) {
                continue;
            }
            double ratio = BenchResults.median(measured) / BenchResults.median(baseline);
            results.add(pair.row(), measured, baseline, "events/s", String.format(Locale.ROOT, ">= %.1fx", pair.goal()),
                    ratio >= pair.goal());
        }
        double[] liveCpu = samples(cpu, EngineBenchmark.LIVE);
        double[] streamsCpu = samples(cpu, EngineBenchmark.STREAMS);
        if (liveCpu.length > 0 && streamsCpu.length > 0) {
            results.add(CPU_ROW, liveCpu, streamsCpu, CPU_UNIT, "<= 1.0x",
                    BenchResults.median(liveCpu) <= BenchResults.median(streamsCpu));
        }
        Map<String, Object> cpuPerWorkload = new LinkedHashMap<>();
        cpu.forEach((name, list) -> cpuPerWorkload.put(name, list));
        if (!cpuPerWorkload.isEmpty()) {
            results.detail("processCpuSecondsPerMillionEvents", cpuPerWorkload);
        }
        double[] p99 = p99(latencies, EngineBenchmark.LATENCY);
        if (p99.length > 0) {
            results.add("end-to-end latency p99 at a steady 5,000 events/s (baseline: the goal)", p99,
                    new double[] {LATENCY_GOAL_MS}, "ms", "<= 100 ms", BenchResults.median(p99) <= LATENCY_GOAL_MS);
        }
        double[] streamsP99 = p99(latencies, EngineBenchmark.LATENCY_STREAMS);
        if (streamsP99.length > 0) {
            results.add("end-to-end latency p99 at a steady 5,000 events/s, Kafka Streams EOS v2 at the same"
                    + " commit.interval.ms (baseline: the goal)", streamsP99, new double[] {LATENCY_GOAL_MS}, "ms",
                    "<= 100 ms", BenchResults.median(streamsP99) <= LATENCY_GOAL_MS);
        }
    }

    static String markdown(int events, double meanSize, int repetitions, Map<String, List<Double>> rates,
                           Map<String, List<Double>> cpu, Map<String, List<LatencyScenario.Result>> latencies,
                           BenchResults results) {
        StringBuilder md = new StringBuilder("# Engine benchmark\n\n");
        md.append(String.format(Locale.ROOT, "Run %s on %d cores (%s %s), JVM %s, one in-JVM KRaft broker. %,d events"
                        + " of %.0f bytes (Avro, Confluent wire format) on 6 partitions, preloaded; each workload"
                        + " consumes all of them with a group of its own and writes one output per event (the skip"
                        + " paths none). Time = start until the group's committed offsets reach the end (includes"
                        + " group join). %d repetitions, workloads interleaved; median and spread (min-max).%n%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"), events, meanSize, repetitions));
        md.append("Reproduce: `./mvnw -B verify -Pbench -pl bench -am -DskipTests -Dbench.history.skip=true"
                + " -Dbench.replay.skip=true -Dbench.engine.events=").append(events).append("`\n\n");
        md.append("| workload | events/s (median) | spread (min-max) | process CPU s per 1M events (median) | spread |\n"
                + "|---|---:|---:|---:|---:|\n");
        rates.forEach((name, list) -> {
            double[] samples = list.stream().mapToDouble(Double::doubleValue).toArray();
            double[] cpuSamples = samples(cpu, name);
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %.1f | %s |%n", WORKLOADS.get(name),
                    BenchResults.median(samples), BenchResults.spread(samples), BenchResults.median(cpuSamples),
                    BenchResults.spread(cpuSamples)));
        });
        md.append("\nProcess CPU: the JVM's CPU time (broker, clients, collector, JIT: `OperatingSystemMXBean"
                + ".getProcessCpuTime`) from a workload's start to its end, per million events. Less dependent on"
                + " other processes' load than the rate, not independent of it: work done at a fixed rate (a commit"
                + " every commit.interval.ms, heartbeats, the broker's background threads) is charged to fewer"
                + " events when the machine is starved, and the first repetition carries most JIT compilation;"
                + " compare the per-repetition ratios.\n");
        md.append("\n| comparison | ratio of medians | per-repetition ratios | goal | met |\n|---|---:|---|---:|---|\n");
        for (Pair pair : PAIRS) {
            double[] measured = samples(rates, pair.measured());
            double[] baseline = samples(rates, pair.baseline());
            if (measured.length == 0 || baseline.length == 0) {
                continue;
            }
            double ratio = BenchResults.median(measured) / BenchResults.median(baseline);
            StringBuilder each = new StringBuilder();
            for (int i = 0; i < Math.min(measured.length, baseline.length); i++) {
                each.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", measured[i] / baseline[i]));
            }
            md.append(String.format(Locale.ROOT, "| %s | %.2fx | %s | >= %.1fx | %s |%n", pair.row(), ratio, each,
                    pair.goal(), ratio >= pair.goal() ? "yes" : "no"));
        }
        md.append(cpuComparison(cpu));
        latencies.forEach((name, list) -> {
            double[] p99 = list.stream().mapToDouble(LatencyScenario.Result::p99).toArray();
            double[] p50 = list.stream().mapToDouble(LatencyScenario.Result::p50).toArray();
            double[] max = list.stream().mapToDouble(LatencyScenario.Result::max).toArray();
            double[] withStart = list.stream().mapToDouble(LatencyScenario.Result::p99WithStart).toArray();
            md.append(String.format(Locale.ROOT, "%nLatency, produce to committed output read by a read_committed"
                            + " consumer, %s at a steady %,d events/s for %d s per repetition"
                            + " (commit.interval.ms=%d), events sent after the first %d s: p50 %.1f ms (%s), p99"
                            + " %.1f ms (%s), max %.1f ms (%s), over %,d outputs per repetition (goal p99 <= 100 ms:"
                            + " %s); p99 of every output including the first %d s: %.1f ms (%s).%n",
                    name.equals(EngineBenchmark.LATENCY) ? "engine live path" : "Kafka Streams exactly_once_v2",
                    EngineBenchmark.LATENCY_RATE, EngineBenchmark.LATENCY_DURATION.toSeconds(),
                    Scenarios.commitIntervalMs(), LatencyScenario.SETTLE.toSeconds(), BenchResults.median(p50),
                    BenchResults.spread(p50), BenchResults.median(p99), BenchResults.spread(p99),
                    BenchResults.median(max), BenchResults.spread(max), list.get(0).measured(),
                    BenchResults.median(p99) <= LATENCY_GOAL_MS ? "met" : "not met",
                    LatencyScenario.SETTLE.toSeconds(), BenchResults.median(withStart),
                    BenchResults.spread(withStart)));
        });
        md.append("\nLimits: on a 2-core machine shared with other developers' builds and brokers, broker and clients"
                + " in one JVM; the engine writes an outcome per event besides the output (and one dedupe changelog"
                + " record per partition and transaction); compare ratios within the run, not absolute rates with"
                + " other runs. Profiles: profiles.md. Machine-readable: engine.json.\n");
        md.append(String.format(Locale.ROOT, "%nLoad average (1 min) of the machine before the run: %.2f; after: %.2f.%n",
                results.loadBefore(), BenchResults.loadAverage()));
        return md.toString();
    }

    private static double[] p99(Map<String, List<LatencyScenario.Result>> latencies, String name) {
        return latencies.getOrDefault(name, List.of()).stream().mapToDouble(LatencyScenario.Result::p99).toArray();
    }

    /** The CPU row of the comparison table: engine live over Kafka Streams, lower is better; empty without both. */
    static String cpuComparison(Map<String, List<Double>> cpu) {
        double[] live = samples(cpu, EngineBenchmark.LIVE);
        double[] streams = samples(cpu, EngineBenchmark.STREAMS);
        if (live.length == 0 || streams.length == 0) {
            return "";
        }
        double ratio = BenchResults.median(live) / BenchResults.median(streams);
        StringBuilder each = new StringBuilder();
        for (int i = 0; i < Math.min(live.length, streams.length); i++) {
            each.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", live[i] / streams[i]));
        }
        return String.format(Locale.ROOT, "| %s | %.2fx | %s | <= 1.0x | %s |%n", CPU_ROW, ratio, each,
                ratio <= 1.0 ? "yes" : "no");
    }

    private static double[] samples(Map<String, List<Double>> rates, String name) {
        return rates.getOrDefault(name, List.of()).stream().mapToDouble(Double::doubleValue).toArray();
    }
}
