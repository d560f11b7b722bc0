package dev.rewind.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Writes the history benchmark's result as Markdown and as {@code history.json} ({@link BenchResults}) beside it. */
final class Report {

    /**
     * One ingest repetition over the same prefix of the topic.
     *
     * @param engine  the engine live path's time to the prefix, null when not run
     * @param prefix  the index's time to the prefix
     * @param all     the index's time to the topic's end, null when it stopped at the prefix
     */
    record Ingest(Duration engine, Duration prefix, Duration all) {
    }

    private Report() {
    }

    static void write(Path file, BenchResults json, HistoryBench.Plan plan, Duration produced, List<Ingest> ingests,
                      List<Measurements> queries, String loadBefore) throws IOException {
        double[] indexRate = ingests.stream().mapToDouble(r -> plan.ingestEvents() / seconds(r.prefix())).toArray();
        boolean engine = plan.engine();
        double[] engineRate = engine ? ingests.stream().mapToDouble(r -> plan.ingestEvents() / seconds(r.engine()))
                .toArray() : new double[] {Double.NaN};
        Duration all = ingests.get(ingests.size() - 1).all();
        double[] q50 = queries.stream().mapToDouble(m -> ms(Measurements.percentile(m.queryNanos(), 0.50))).toArray();
        double[] q99 = queries.stream().mapToDouble(m -> ms(Measurements.percentile(m.queryNanos(), 0.99))).toArray();
        double[] s50 = queries.stream().mapToDouble(m -> ms(Measurements.percentile(m.scanNanos(), 0.50))).toArray();
        double perQuery = queries.stream().mapToDouble(Measurements::eventsPerQuery).average().orElse(0);
        double[] allocated = queries.stream().mapToDouble(m -> (double) m.server().allocatedBytes() / plan.queries() / 1024)
                .toArray();
        double[] cpu = queries.stream().mapToDouble(m -> m.server().cpuNanos() / 1e6 / plan.queries()).toArray();
        StringBuilder gc = new StringBuilder();
        for (int i = 0; i < queries.size(); i++) {
            gc.append(String.format(Locale.ROOT, "- repetition %d: %s%n", i + 1, queries.get(i).server().gcPauses()));
        }
        int mismatches = queries.stream().mapToInt(Measurements::mismatches).sum();
        double ingestRatio = BenchResults.median(indexRate) / BenchResults.median(engineRate);
        boolean ingestMet = engine && ingestRatio >= 1.0;
        double p99 = BenchResults.median(q99);
        double p50 = BenchResults.median(q50);
        double scan = BenchResults.median(s50);
        boolean queryMet = p99 <= 100 && scan / p99 >= 20 && mismatches == 0;
        json.add("history index ingest vs the engine live path (same topic, same run, first "
                + plan.ingestEvents() + " events)", indexRate, engineRate, "events/s", ">= 1.0x", ingestMet);
        json.add("history cohort query p99 over " + plan.events() + " events vs offsetsForTimes + decode + filter scan"
                + " (p50)", q99, s50, "ms", "p99 <= 100 ms and >= 20x faster than the scan", queryMet);
        json.add("history cohort query p50 over " + plan.events() + " events vs the scan (p50)", q50, s50, "ms",
                "<= 0.05x", p50 <= scan / 20);
        json.write(file.toAbsolutePath().getParent());
        String text = String.format(Locale.ROOT, """
                # History benchmark

                Run %s on this machine (2 cores shared with other builds), one in-JVM broker and registry,
                6 partitions. %,d events across %,d customers, event times spread evenly over the %s before
                the run. Ingest, %d repetitions: the engine live path (decode, route, dedupe, outcome, EOS v2;
                its own component, so its own consumer group), then a fresh history index from an empty state
                directory, each timed until its committed offsets reach the first %,d events of the topic (the
                index reads the source topic only: the outcomes are the engine's half). The last index goes on
                to the topic's end (%,d events in %s, %,.0f events/s) and answers %d repetitions of the query
                workload: %d queries each for one random customer's events of the last 15 minutes (`GET
                /api/v1/events?cohort=customer:X&from=...`, all pages of up to 1000; about %.0f events each),
                and %d scan(s) of a queried customer: `offsetsForTimes(from)` on every partition, read to the
                end, decode (Avro via the registry) and filter by customer.

                | | median | spread (min-max) | samples |
                |---|---:|---:|---:|
                | history index ingest | %,.0f events/s | %s | %d |
                | engine live path, same events | %,.0f events/s | %s | %d |
                | ratio index / engine | %.2fx | | |
                | index query p50 (HTTP) over %,d events | %.1f ms | %s | %d x %d queries |
                | index query p99 (HTTP) | %.1f ms | %s | |
                | window scan | %.1f ms | %s | %d x %d scans |
                | ratio scan / index p99 | %.0fx | | |
                | ratio scan / index p50 | %.0fx | | |
                | HTTP threads' heap allocation per query | %,.0f KiB | %s | |
                | HTTP threads' CPU per query | %.2f ms | %s | |

                Goals: ingest >= 1.0x the engine live path: %s. Query p99 <= 100 ms and >= 20x faster than the
                scan: %s. Index and scan disagreed on %d of the scanned customers.
                Producing took %s. Load average (1, 5, 15 min) before: %s; after: %s.
                Benchmark JVM: %s; %s.

                Collections of the index server's JVM during each query repetition (count, longest, total; per
                collector bean):
                %s""", Instant.now(), plan.events(), plan.customers(), plan.span(), ingests.size(), plan.ingestEvents(),
                plan.events(), all, plan.events() / seconds(all), queries.size(), plan.queries(), perQuery,
                plan.scans(),
                BenchResults.median(indexRate), BenchResults.spread(indexRate), indexRate.length,
                BenchResults.median(engineRate), engine ? BenchResults.spread(engineRate) : "not run",
                engine ? engineRate.length : 0, ingestRatio,
                plan.events(), p50, BenchResults.spread(q50), queries.size(), plan.queries(),
                p99, BenchResults.spread(q99),
                scan, BenchResults.spread(s50), queries.size(), plan.scans(),
                scan / p99, scan / p50,
                BenchResults.median(allocated), BenchResults.spread(allocated),
                BenchResults.median(cpu), BenchResults.spread(cpu), ingestMet ? "met" : "not met",
                queryMet ? "met" : "not met", mismatches, produced, loadBefore, loadAverage(),
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()),
                plan.serviceJvm() ? "the index and its HTTP server in a JVM of their own, "
                        + String.join(" ", plan.serviceJvmOptions()) : "the index and its HTTP server in it", gc);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text);
        System.out.println(text);
    }

    /** The 1, 5 and 15-minute load averages, as /proc/loadavg has them (or the JVM's 1-minute figure). */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException | RuntimeException e) {
            return String.valueOf(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
