package dev.rewind.bench;

import dev.rewind.protocol.CohortSelector;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTarget;
import dev.rewind.engine.routing.RouteTiming;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 3's benchmark: {@code EngineBenchmark <events> <report.md>}. One in-JVM broker, the events
 * preloaded on a 6-partition topic, then each workload consumes all of them with a group of its own;
 * throughput = events / time from start until the group's committed offsets reach the end.
 */
public final class EngineBenchmark {

    private EngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path report = Path.of(args.length > 1 ? args[1] : "bench/results/engine.md");
        String loadBefore = loadAverage();
        try (BenchEnvironment env = new BenchEnvironment()) {
            Scenarios scenarios = new Scenarios(env);
            log("preloading " + events + " events");
            double meanSize = env.preload(events);
            long end = env.sourceEnd();
            try (RoutePublisher publisher = RoutePublisher.create(env.clientConfig(), RouteLog.Options.DEFAULT_TOPIC,
                    RouteTiming.DEFAULTS, Clock.offset(Clock.systemUTC(), Duration.ofDays(-1)))) {
                publisher.setRoute("bench", CohortSelector.DEFAULT, RouteTarget.version("live"), null, "bench",
                        "every event owned by version live");
            }
            for (String topic : new String[] {"out-engine", "out-streams", "out-loop"}) {
                env.createTopic(topic);
            }
            // -Dbench.scenarios=raw,skip,loop,streams,live,latency (default: all)
            java.util.Set<String> only = java.util.Set.of(System.getProperty("bench.scenarios",
                    "raw,skip,loop,streams,live,latency").split(","));
            Duration raw = only.contains("raw") ? timed("raw consumer count loop", () -> scenarios.rawCount(end)) : null;
            Duration skip = only.contains("skip") ? timed("engine skip path",
                    () -> scenarios.engine("bench", "skip", "out-engine", end)) : null;
            Duration loop = only.contains("loop") ? timed("transactional loop",
                    () -> scenarios.transactionalLoop("out-loop", end)) : null;
            Duration streams = only.contains("streams") ? timed("Kafka Streams", () -> scenarios.kafkaStreams("out-streams", end))
                    : null;
            Duration live = only.contains("live") ? timed("engine live path",
                    () -> scenarios.engine("bench", "live", "out-engine", end)) : null;
            LatencyScenario.Result latency = null;
            if (only.contains("latency")) {
                log("latency at 5000 events/s");
                latency = new LatencyScenario(env, scenarios).run(5_000, Duration.ofSeconds(30), Map.of());
            }
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, render(events, meanSize, raw, skip, loop, streams, live, latency)
                    + "\nLoad average (1, 5, 15 min) of the machine before the run: " + loadBefore + "; after: "
                    + loadAverage() + ".\n");
            log("report written to " + report.toAbsolutePath());
        }
        System.exit(0);
    }

    private static String render(int events, double meanSize, Duration raw, Duration skip, Duration loop,
                                 Duration streams, Duration live, LatencyScenario.Result latency) {
        StringBuilder md = new StringBuilder();
        md.append("# Engine benchmark\n\n");
        md.append(String.format(Locale.ROOT, "Run %s on %d cores (%s %s), JVM %s, one in-JVM KRaft broker. %,d events"
                        + " of %.0f bytes (Avro, Confluent wire format) on 6 partitions, preloaded; each workload"
                        + " consumes all of them with a group of its own and writes one output per event. Time ="
                        + " start until the group's committed offsets reach the end (includes group join).%n%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"), events, meanSize));
        md.append("| workload | time (s) | events/s |\n|---|---:|---:|\n");
        row(md, "raw KafkaConsumer count loop (no decode, no output)", raw, events);
        row(md, "engine skip path (every event owned by another version: decode + route, no output)", skip, events);
        row(md, "hand-written transactional consume-produce loop (decode + encode, one txn per poll)", loop, events);
        row(md, "Kafka Streams exactly_once_v2 (decode + encode, commit.interval.ms=100)", streams, events);
        row(md, "engine live path (decode, routing, dedupe, outcome per event, EOS v2)", live, events);
        md.append("\n| comparison | ratio | goal |\n|---|---:|---:|\n");
        ratio(md, "engine live / Kafka Streams EOS v2", streams, live, ">= 1.0");
        ratio(md, "engine live / transactional loop", loop, live, ">= 0.8");
        ratio(md, "engine skip path / raw consumer", raw, skip, ">= 0.7");
        if (latency != null) {
            md.append(String.format(Locale.ROOT, "%nLatency, produce to committed output read by a read_committed consumer,"
                        + " engine live path at a steady %,d events/s for %d s (commit.interval.ms=100): p50 %.1f ms,"
                        + " p99 %.1f ms, max %.1f ms over %,d outputs (goal p99 <= 100 ms).%n",
                latency.rate(), latency.duration().toSeconds(), latency.p50(), latency.p99(), latency.max(),
                latency.measured()));
        }
        md.append("\nLimits: one run, on a 2-core machine shared with other builds and brokers, broker and clients in one"
                + " JVM; the engine writes an outcome per event besides the output (and one dedupe changelog record"
                + " per partition and transaction); the load average below shows how busy the machine was with other"
                + " work; figures are indicative, not statistically robust.\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String name, Duration time, int events) {
        if (time == null) {
            md.append("| ").append(name).append(" | not run | |\n");
            return;
        }
        double seconds = time.toMillis() / 1000.0;
        md.append(String.format(Locale.ROOT, "| %s | %.1f | %,.0f |%n", name, seconds, events / seconds));
    }

    private static void ratio(StringBuilder md, String name, Duration baseline, Duration measured, String goal) {
        if (baseline == null || measured == null) {
            md.append("| ").append(name).append(" | not run | ").append(goal).append(" |\n");
            return;
        }
        md.append(String.format(Locale.ROOT, "| %s | %.2fx | %s |%n", name,
                (double) baseline.toMillis() / measured.toMillis(), goal));
    }

    /** The machine's load average, which says how much the figures were disturbed by other work. */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    interface Workload {
        Duration run() throws Exception;
    }

    private static Duration timed(String name, Workload workload) throws Exception {
        log(name);
        Duration took = workload.run();
        log(name + ": " + took.toMillis() + " ms");
        return took;
    }

    private static void log(String message) {
        System.out.println("[bench " + Instant.now() + "] " + message);
    }
}
