package dev.rewind.bench;

import dev.rewind.local.DemoAccounting;
import dev.rewind.local.DemoAccounting.Accounting;
import dev.rewind.local.StackProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * Issue 12's local-stack rows and issue 13 item 9: {@code ./rewind up --rate 2000} in a process of its
 * own ({@link StackProcess}: the launcher's main class and JVM options), then, per repetition:
 *
 * <ol>
 *   <li><b>keep up</b>: for {@code seconds} (default 180) the generator's rate and each demo version's
 *       committed rate (group offsets), and each version's lag sampled every 5 s;</li>
 *   <li><b>restart</b>: the source's end just before a {@code kill -9} of the stack, then the stack
 *       started again on the same home: the time from that start until both versions have committed past
 *       the pre-kill end, and that the killed run's {@code run-<uuid>} directories are gone.</li>
 * </ol>
 *
 * At the end, the accounting of what a read_committed reader finds (every source record below what both
 * versions committed has exactly one live outcome or one dead letter; no live outcome twice). Writes
 * {@code local-stack.md} and {@code local-stack.json} ({@link BenchResults}).
 *
 * <p>Arguments: {@code rate seconds repetitions report.md}.
 */
public final class LocalStackBenchmark {

    private static final Duration SAMPLE = Duration.ofSeconds(5);
    private static final Duration WARM_UP = Duration.ofSeconds(30);
    /** A start on this shared machine took up to 3 minutes at load average 50. */
    private static final Duration START = Duration.ofMinutes(10);
    /** How long after it is up a restarted stack may take to pass the pre-kill end before that is recorded as not reached. */
    private static final Duration CATCH_UP = Duration.ofMinutes(2);

    private LocalStackBenchmark() {
    }

    /** One keep-up window: rates in events/s and lag samples (events) per version group. */
    record KeepUp(double producedRate, Map<String, Double> committedRates, Map<String, List<Long>> lags) {
    }

    /**
     * One restart, in seconds from the new process's start: until it was up, until every version committed
     * past what it had committed before the kill (it works again), and until both were past the source's
     * pre-kill end ({@code NaN} when not within {@link #CATCH_UP}: a version that was behind before the kill
     * is behind after it). Lags are the versions' lags when the stack was killed.
     */
    record Restart(double upSeconds, double resumedSeconds, double caughtUpSeconds, long preKillEnd,
                   Map<String, Long> lagsAtKill, int killedRunDirectories, int leftOver, int runDirectoriesAfter) {
    }

    public static void main(String[] args) throws Exception {
        double rate = args.length > 0 ? Double.parseDouble(args[0]) : 2000;
        Duration window = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 180);
        int repetitions = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path report = Path.of(args.length > 3 ? args[3] : "bench/results/local-stack.md").toAbsolutePath();
        BenchResults results = new BenchResults("local-stack");
        Path home = Files.createTempDirectory("rewind-local-bench").resolve("home");
        StackProcess.Ports ports = StackProcess.Ports.free();
        List<KeepUp> keepUps = new ArrayList<>();
        List<Restart> restarts = new ArrayList<>();
        Accounting accounting = null;
        String failure = null;
        log("starting ./rewind up --rate " + rate + " in " + home);
        StackProcess stack = StackProcess.start(home, ports, rate, START, List.of());
        double firstStart = stack.startupTime().toMillis() / 1000.0;
        try {
            for (int rep = 1; rep <= repetitions; rep++) {
                TimeUnit.MILLISECONDS.sleep(WARM_UP.toMillis());
                try (Admin admin = admin(stack)) {
                    keepUps.add(keepUp(admin, window, rep));
                }
                Restarted restarted;
                try {
                    restarted = restart(stack, home, ports, rate);
                } catch (IllegalStateException e) {
                    // the stack did not come up again: keep what was measured, say why the rest is missing
                    failure = "repetition " + rep + ": " + e.getMessage();
                    log(failure);
                    break;
                }
                restarts.add(restarted.figures());
                stack = restarted.stack();
            }
            if (failure == null) {
                try (Admin admin = admin(stack)) {
                Map<TopicPartition, Long> bothCommitted = new LinkedHashMap<>(
                        DemoAccounting.committed(admin, DemoAccounting.GROUPS.get(0)));
                DemoAccounting.committed(admin, DemoAccounting.GROUPS.get(1))
                        .forEach((tp, offset) -> bothCommitted.merge(tp, offset, Math::min));
                log("accounting for the source records below " + bothCommitted);
                accounting = DemoAccounting.account(stack.bootstrapServers(), stack.registryUrl(), bothCommitted);
                }
            }
        } finally {
            stack.close();
        }
        boolean noDebris = restarts.stream().allMatch(r -> r.leftOver() == 0 && r.runDirectoriesAfter() == 2);
        addRows(results, rate, keepUps, restarts);
        results.detail("rate", rate);
        results.detail("windowSeconds", window.toSeconds());
        results.detail("keepUp", keepUps);
        results.detail("restarts", restarts);
        results.detail("firstStartSeconds", firstStart);
        results.detail("accounting", accounting);
        results.detail("noDebris", noDebris);
        if (failure != null) {
            results.detail("failure", failure);
        }
        results.write(report.getParent());
        Files.writeString(report, LocalStackReport.markdown(rate, window, repetitions, keepUps, restarts, accounting,
                noDebris, failure, results.loadBefore(), BenchResults.loadAverage()));
        log("report written to " + report);
        System.exit(0);
    }

    private static KeepUp keepUp(Admin admin, Duration window, int rep) throws Exception {
        log("keep-up window " + rep + ": " + window.toSeconds() + " s");
        Map<String, List<Long>> lags = new LinkedHashMap<>();
        DemoAccounting.GROUPS.forEach(group -> lags.put(group, new ArrayList<>()));
        long began = System.nanoTime();
        long endFirst = DemoAccounting.sum(DemoAccounting.sourceEnd(admin));
        Map<String, Long> committedFirst = new LinkedHashMap<>();
        for (String group : DemoAccounting.GROUPS) {
            committedFirst.put(group, DemoAccounting.sum(DemoAccounting.committed(admin, group)));
        }
        long next = began;
        long endLast = endFirst;
        Map<String, Long> committedLast = new LinkedHashMap<>(committedFirst);
        long elapsed = 0;
        while (elapsed < window.toNanos()) {
            next += SAMPLE.toNanos();
            TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
            Map<TopicPartition, Long> end = DemoAccounting.sourceEnd(admin);
            elapsed = System.nanoTime() - began;
            endLast = DemoAccounting.sum(end);
            for (String group : DemoAccounting.GROUPS) {
                Map<TopicPartition, Long> committed = DemoAccounting.committed(admin, group);
                committedLast.put(group, DemoAccounting.sum(committed));
                lags.get(group).add(DemoAccounting.lag(end, committed));
            }
        }
        double seconds = elapsed / 1e9;
        Map<String, Double> rates = new LinkedHashMap<>();
        for (String group : DemoAccounting.GROUPS) {
            rates.put(group, (committedLast.get(group) - committedFirst.get(group)) / seconds);
        }
        KeepUp result = new KeepUp((endLast - endFirst) / seconds, rates, lags);
        log("keep-up " + rep + ": " + result);
        return result;
    }

    private record Restarted(StackProcess stack, Restart figures) {
    }

    private static Restarted restart(StackProcess stack, Path home, StackProcess.Ports ports, double rate)
            throws Exception {
        Map<TopicPartition, Long> beforeKill;
        Map<String, Map<TopicPartition, Long>> committedBeforeKill = new LinkedHashMap<>();
        Map<String, Long> lagsAtKill = new LinkedHashMap<>();
        try (Admin admin = admin(stack)) {
            beforeKill = DemoAccounting.sourceEnd(admin);
            for (String group : DemoAccounting.GROUPS) {
                Map<TopicPartition, Long> committed = DemoAccounting.committed(admin, group);
                committedBeforeKill.put(group, committed);
                lagsAtKill.put(group, DemoAccounting.lag(beforeKill, committed));
            }
        }
        List<Path> killedRuns = StackProcess.runDirectories(home);
        stack.kill9();
        log("killed; pre-kill end " + DemoAccounting.sum(beforeKill) + ", lags " + lagsAtKill + ", run directories "
                + killedRuns.size());
        StackProcess next = StackProcess.start(home, ports, rate, START, List.of());
        double resumed = Double.NaN;
        double caughtUp = Double.NaN;
        try (Admin admin = admin(next)) {
            long deadline = System.nanoTime() + CATCH_UP.toNanos();
            while (System.nanoTime() < deadline && Double.isNaN(caughtUp)) {
                if (Double.isNaN(resumed) && resumed(admin, committedBeforeKill)) {
                    resumed = (System.nanoTime() - next.startedNanos()) / 1e9;
                }
                if (DemoAccounting.allPast(admin, beforeKill)) {
                    caughtUp = (System.nanoTime() - next.startedNanos()) / 1e9;
                    resumed = Double.isNaN(resumed) ? caughtUp : resumed;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        int leftOver = (int) killedRuns.stream().filter(Files::exists).count();
        Restart restart = new Restart(next.startupTime().toMillis() / 1000.0, resumed, caughtUp,
                DemoAccounting.sum(beforeKill), lagsAtKill, killedRuns.size(), leftOver,
                StackProcess.runDirectories(home).size());
        log("restart: " + restart);
        return new Restarted(next, restart);
    }

    /** Whether every group committed past its committed offset before the kill on a partition that had lag. */
    private static boolean resumed(Admin admin, Map<String, Map<TopicPartition, Long>> before) throws Exception {
        for (Map.Entry<String, Map<TopicPartition, Long>> group : before.entrySet()) {
            Map<TopicPartition, Long> now = DemoAccounting.committed(admin, group.getKey());
            if (DemoAccounting.sum(now) <= DemoAccounting.sum(group.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static void addRows(BenchResults results, double rate, List<KeepUp> keepUps, List<Restart> restarts) {
        if (keepUps.isEmpty()) {
            return;
        }
        double[] produced = keepUps.stream().mapToDouble(KeepUp::producedRate).toArray();
        for (String group : DemoAccounting.GROUPS) {
            double[] committed = keepUps.stream().mapToDouble(k -> k.committedRates().get(group)).toArray();
            boolean bounded = keepUps.stream().allMatch(k -> LocalStackReport.lagBounded(k.lags().get(group), rate));
            boolean met = BenchResults.median(committed) >= 0.98 * BenchResults.median(produced) && bounded;
            results.add("./rewind up --rate " + (long) rate + ": " + group + " committed events/s vs the generator's"
                    + " rate (lag bounded)", committed, produced, "events/s", ">= 0.98x and lag bounded", met);
        }
        // a restart that did not catch up within the deadline counts as the deadline (the median stays honest)
        if (restarts.isEmpty()) {
            return;
        }
        double[] caughtUp = restarts.stream().mapToDouble(r -> Double.isNaN(r.caughtUpSeconds())
                ? r.upSeconds() + CATCH_UP.toSeconds() : r.caughtUpSeconds()).toArray();
        double[] up = restarts.stream().mapToDouble(Restart::upSeconds).toArray();
        results.add("restart after kill -9 (local state intact): start until both versions past the pre-kill end"
                + " (the deadline, " + CATCH_UP.toSeconds() + " s after up, where not reached), vs the same start until"
                + " the stack was up", caughtUp, up, "s", "<= 10 s",
                restarts.stream().noneMatch(r -> Double.isNaN(r.caughtUpSeconds())) && BenchResults.median(caughtUp) <= 10);
    }

    private static Admin admin(StackProcess stack) {
        return Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
    }

    static void log(String message) {
        System.out.println("[local-stack-bench " + Instant.now() + "] " + message);
    }
}
