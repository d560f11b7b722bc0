package dev.rewind.bench;

import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTarget;
import dev.rewind.engine.routing.RouteTiming;
import dev.rewind.protocol.CohortSelector;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Issue 12's engine benchmark: {@code EngineBenchmark <events> <report.md> [repetitions]}. One in-JVM
 * broker, the events preloaded on a 6-partition topic; each repetition runs every workload once, in
 * turn (so a change in the machine's load hits all of them alike), each with a group of its own
 * consuming all events; throughput = events / time from start until the group's committed offsets
 * reach the end; and the process's CPU time per million events over the same span. Then the latency
 * workload, once per repetition. Writes the Markdown report and {@code engine.json} (medians, spread,
 * load average) beside it.
 */
public final class EngineBenchmark {

    static final String RAW = "raw";
    static final String SKIP = "skip";
    static final String SKIP_COHORT = "skip-cohort";
    static final String LOOP = "loop";
    static final String STREAMS = "streams";
    static final String LIVE = "live";
    static final String LATENCY = "latency";
    static final String LATENCY_STREAMS = "latency-streams";
    static final int LATENCY_RATE = 5_000;
    static final Duration LATENCY_DURATION = Duration.ofSeconds(30);

    private EngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path report = Path.of(args.length > 1 ? args[1] : "bench/results/engine.md").toAbsolutePath();
        int repetitions = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        // -Dbench.scenarios=raw,skip,skip-cohort,loop,streams,live,latency,latency-streams (default: all)
        Set<String> only = Set.of(System.getProperty("bench.scenarios",
                String.join(",", RAW, SKIP, SKIP_COHORT, LOOP, STREAMS, LIVE, LATENCY, LATENCY_STREAMS)).split(","));
        // named after the report: -Dbench.scenarios=latency with results/latency.md writes latency.json, not engine.json
        BenchResults results = new BenchResults(report.getFileName().toString().replaceFirst("\\.md$", ""));
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Map<String, List<LatencyScenario.Result>> latencies = new LinkedHashMap<>();
        double meanSize;
        try (BenchEnvironment env = new BenchEnvironment()) {
            Scenarios scenarios = new Scenarios(env);
            log("preloading " + events + " events");
            meanSize = env.preload(events);
            long end = env.sourceEnd();
            for (String topic : new String[] {"out-engine", "out-streams", "out-loop"}) {
                env.createTopic(topic);
            }
            routeComponents(env, 0);
            if (only.contains(LATENCY) || only.contains(LATENCY_STREAMS)) {
                // unmeasured: the JIT and the broker's first transactions would otherwise be repetition 1's
                log("latency warm-up, 10 s of each workload, not measured");
                LatencyScenario warmUp = new LatencyScenario(env, scenarios);
                if (only.contains(LATENCY)) {
                    warmUp.run("benchl0", LATENCY_RATE, Duration.ofSeconds(10), Map.of());
                }
                if (only.contains(LATENCY_STREAMS)) {
                    warmUp.runStreams("bench-streams-latency-0", LATENCY_RATE, Duration.ofSeconds(10));
                }
            }
            for (int rep = 1; rep <= repetitions; rep++) {
                routeComponents(env, rep);
                String r = Integer.toString(rep);
                run(rates, cpu, only, RAW, events, () -> scenarios.rawCount("bench-raw-" + r, end));
                run(rates, cpu, only, SKIP, events, () -> scenarios.engine("bench" + r, "skip", "out-engine", end));
                run(rates, cpu, only, SKIP_COHORT, events,
                        () -> scenarios.engine("benchc" + r, "skip", "out-engine", end));
                run(rates, cpu, only, LOOP, events,
                        () -> scenarios.transactionalLoop("bench-loop-" + r, "out-loop", end));
                run(rates, cpu, only, STREAMS, events,
                        () -> scenarios.kafkaStreams("bench-streams-" + r, "out-streams", end));
                run(rates, cpu, only, LIVE, events, () -> scenarios.engine("bench" + r, "live", "out-engine", end));
                LatencyScenario latency = new LatencyScenario(env, scenarios);
                measure(latencies, only, LATENCY, rep,
                        () -> latency.run("benchl" + r, LATENCY_RATE, LATENCY_DURATION, Map.of()));
                measure(latencies, only, LATENCY_STREAMS, rep,
                        () -> latency.runStreams("bench-streams-latency-" + r, LATENCY_RATE, LATENCY_DURATION));
            }
        }
        EngineReport.addRows(results, rates, cpu, latencies);
        Files.createDirectories(report.getParent());
        Files.writeString(report, EngineReport.markdown(events, meanSize, repetitions, rates, cpu, latencies,
                results));
        results.write(report.getParent());
        log("report written to " + report);
        System.exit(0);
    }

    /**
     * Routes the repetition's components: {@code bench<rep>} has only a default route (every event owned
     * by {@code live}, the same for every cohort: version {@code skip} skips by timestamp alone);
     * {@code benchc<rep>} also routes one customer elsewhere, so {@code skip} must read each event's
     * cohort (by projection) to know it owns none.
     */
    private static void routeComponents(BenchEnvironment env, int rep) {
        try (RoutePublisher publisher = RoutePublisher.create(env.clientConfig(), RouteLog.Options.DEFAULT_TOPIC,
                RouteTiming.DEFAULTS, Clock.offset(Clock.systemUTC(), Duration.ofDays(-1)))) {
            for (String component : new String[] {"bench" + rep, "benchc" + rep, "benchl" + rep}) {
                publisher.setRoute(component, CohortSelector.DEFAULT, RouteTarget.version("live"), null, "bench",
                        "every event owned by version live");
            }
            publisher.setRoute("benchc" + rep, CohortSelector.customer("customer-0"), RouteTarget.version("other"),
                    null, "bench", "one customer elsewhere: ownership depends on the cohort");
        }
    }

    interface Workload {
        Duration run() throws Exception;
    }

    /**
     * Runs a workload, recording its rate and the whole process's CPU time per million events: one JVM
     * holds the broker and every client, so the CPU of the same events is comparable across workloads of
     * one repetition, and less moved than the rate by other processes' load on the machine.
     */
    private static void run(Map<String, List<Double>> rates, Map<String, List<Double>> cpu, Set<String> only,
                            String name, int events, Workload workload) throws Exception {
        if (!only.contains(name)) {
            return;
        }
        log(name);
        long cpuBefore = processCpuNanos();
        Duration took = workload.run();
        double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
        double rate = events / (took.toMillis() / 1000.0);
        double cpuPerMillion = cpuSeconds / (events / 1e6);
        rates.computeIfAbsent(name, k -> new ArrayList<>()).add(rate);
        cpu.computeIfAbsent(name, k -> new ArrayList<>()).add(cpuPerMillion);
        log(name + ": " + took.toMillis() + " ms, " + Math.round(rate) + " events/s, process CPU "
                + String.format(java.util.Locale.ROOT, "%.1f s per million events", cpuPerMillion));
    }

    /** The CPU time of this JVM (every thread: broker, clients, GC), in nanoseconds. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    interface LatencyWorkload {
        LatencyScenario.Result run() throws Exception;
    }

    private static void measure(Map<String, List<LatencyScenario.Result>> latencies, Set<String> only, String name,
                                int rep, LatencyWorkload workload) throws Exception {
        if (!only.contains(name)) {
            return;
        }
        log(name + " at " + LATENCY_RATE + " events/s, repetition " + rep);
        LatencyScenario.Result result = workload.run();
        latencies.computeIfAbsent(name, k -> new ArrayList<>()).add(result);
        log(name + ": p50 " + result.p50() + " ms, p99 " + result.p99() + " ms, p99 with the start "
                + result.p99WithStart() + " ms");
    }

    static void log(String message) {
        System.out.println("[bench " + Instant.now() + "] " + message);
    }
}
