package dev.rewind.bench;

import dev.rewind.bench.LocalStackBenchmark.KeepUp;
import dev.rewind.bench.LocalStackBenchmark.Restart;
import dev.rewind.local.DemoAccounting;
import dev.rewind.local.DemoAccounting.Accounting;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The Markdown half of {@link LocalStackBenchmark}'s result, and its rule for a bounded lag. */
final class LocalStackReport {

    /** A version keeps up when the median lag of its last third of samples is under this many seconds of events. */
    static final double BOUNDED_LAG_SECONDS = 2;

    private LocalStackReport() {
    }

    /**
     * Whether {@code lags} (events, sampled at a fixed interval) stayed bounded: the median of the last
     * third of the samples is at most {@value #BOUNDED_LAG_SECONDS} s of events at {@code rate}. A version
     * that falls behind has a lag growing with time, so its last third is far above that; one that keeps
     * up has a lag of what arrived since its last commit (100 ms by default) and one poll.
     */
    static boolean lagBounded(List<Long> lags, double rate) {
        if (lags.isEmpty()) {
            return false;
        }
        List<Long> last = lags.subList(lags.size() - Math.max(1, lags.size() / 3), lags.size());
        return BenchResults.median(last.stream().mapToDouble(Long::doubleValue).toArray())
                <= BOUNDED_LAG_SECONDS * rate;
    }

    private static String seconds(double value) {
        return Double.isNaN(value) ? "not within the deadline" : String.format(Locale.ROOT, "%.1f", value);
    }

    static String markdown(double rate, Duration window, int repetitions, List<KeepUp> keepUps,
                           List<Restart> restarts, Accounting accounting, boolean noDebris, String failure,
                           double loadBefore,
                           double loadAfter) {
        StringBuilder md = new StringBuilder("# Local stack benchmark\n\n");
        md.append(String.format(Locale.ROOT, "Run %s on %d cores (%s %s), JVM %s. `./rewind up --rate %d` in a process"
                        + " of its own (the launcher's main class and JVM options: embedded KRaft broker, registry, replay"
                        + " service, history index, demo v1 and v2, the generator), %d repetitions of: %d s of traffic"
                        + " (after a 30 s warm-up), then `kill -9` of the stack and a start on the same home. Load"
                        + " average (1 min) before: %.1f, after: %.1f.%n%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"), (long) rate, repetitions,
                window.toSeconds(), loadBefore, loadAfter));
        md.append("Reproduce: `./mvnw -B verify -Pbench -pl bench -am -DskipTests -Dbench.history.skip=true"
                + " -Dbench.engine.skip=true -Dbench.replay.skip=true`\n\n");
        md.append("## Keeping up at ").append((long) rate).append(" events/s\n\n");
        md.append("| repetition | generator events/s | group | committed events/s | lag samples every 5 s (events) |"
                + " lag bounded |\n|---:|---:|---|---:|---|---|\n");
        for (int i = 0; i < keepUps.size(); i++) {
            KeepUp k = keepUps.get(i);
            for (String group : DemoAccounting.GROUPS) {
                List<Long> lags = k.lags().get(group);
                md.append(String.format(Locale.ROOT, "| %d | %.0f | %s | %.0f | %s | %s |%n", i + 1, k.producedRate(),
                        group, k.committedRates().get(group), lags, lagBounded(lags, rate) ? "yes" : "no"));
            }
        }
        md.append("\nA version keeps up when it commits at least 0.98x the generator's rate and its lag stays"
                + " bounded (the median of the last third of its samples under ").append(
                        (long) (BOUNDED_LAG_SECONDS * rate)).append(" events, 2 s of traffic).\n\n");
        md.append("## Restart after `kill -9`, local state intact\n\n");
        md.append("| repetition | source end before the kill | lag at the kill | start until up (s) | start until"
                + " every version committed again (s) | start until both versions past the pre-kill end (s) | killed"
                + " run's `run-<uuid>` dirs | left after restart | run dirs after restart |\n"
                + "|---:|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < restarts.size(); i++) {
            Restart r = restarts.get(i);
            md.append(String.format(Locale.ROOT, "| %d | %,d | %s | %.1f | %s | %s | %d | %d | %d |%n", i + 1,
                    r.preKillEnd(), r.lagsAtKill(), r.upSeconds(), seconds(r.resumedSeconds()),
                    seconds(r.caughtUpSeconds()), r.killedRunDirectories(), r.leftOver(), r.runDirectoriesAfter()));
        }
        boolean allCaughtUp = restarts.stream().noneMatch(r -> Double.isNaN(r.caughtUpSeconds()));
        if (failure != null) {
            md.append("\nNot completed: ").append(failure).append("\n");
        }
        double[] caughtUp = restarts.stream().filter(r -> !Double.isNaN(r.caughtUpSeconds()))
                .mapToDouble(Restart::caughtUpSeconds).toArray();
        md.append(String.format(Locale.ROOT, "%nStart until both versions past the pre-kill end: %s (goal <= 10 s: %s)."
                        + " Debris: %s.%n%n", caughtUp.length == 0 ? "not reached within the deadline in any repetition"
                        : String.format(Locale.ROOT, "median %.1f s over the %d repetitions that reached it (spread %s)",
                                BenchResults.median(caughtUp), caughtUp.length, BenchResults.spread(caughtUp)),
                allCaughtUp && caughtUp.length > 0 && BenchResults.median(caughtUp) <= 10 ? "met" : "not met",
                noDebris ? "none (every killed run's directories were removed by the next start; one per version"
                        + " after it)" : "FOUND (see the table)"));
        md.append("## No loss, no duplicate (read_committed)\n\n");
        if (accounting == null) {
            md.append("Not accounted: the run did not complete.\n");
            return md.toString();
        }
        md.append(String.format(Locale.ROOT, "Over all %d kills: %,d source records below what both versions"
                        + " committed, %,d live outcomes, %,d dead letters; records without exactly one live outcome or"
                        + " one dead letter of no version: %d; events with a live outcome twice: %d.%n", restarts.size(),
                accounting.records(), accounting.outcomes(), accounting.deadLetters(), accounting.violations().size(),
                accounting.duplicates()));
        accounting.violations().forEach(v -> md.append("- ").append(v).append('\n'));
        md.append("\nMachine-readable: local-stack.json (samples, lag samples and checks under `details`). Limits: a"
                + " 2-core machine shared with other developers' builds; the stack, its broker and the generator share"
                + " one JVM as `./rewind up` runs them.\n");
        return md.toString();
    }
}
