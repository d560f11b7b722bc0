package dev.rewind.cli;

import dev.rewind.api.replays.DryRunReport;
import dev.rewind.api.replays.PartitionStatus;
import dev.rewind.api.replays.ReplayState;
import dev.rewind.api.replays.ReplayStatus;
import dev.rewind.cli.client.RewindClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** Text rendering of replays and the {@code --wait} loop shared by start and status. */
final class ReplayPrinter {

    private ReplayPrinter() {
    }

    /** 0 when the replay completed, 1 when it failed or was cancelled, 0 while it still runs. */
    static int exitCode(ReplayStatus replay) {
        return replay.state() == ReplayState.FAILED || replay.state() == ReplayState.CANCELLED
                ? ExitCodes.FAILED : ExitCodes.DONE;
    }

    /** {@code cohort customer:acme}, or {@code redrive of N dead letters}. */
    static String what(ReplayStatus r) {
        return r.redriveRecords() == null ? "cohort " + r.cohort() : "redrive of " + r.redriveRecords() + " records";
    }

    static void printSummary(PrintWriter out, ReplayStatus r) {
        out.printf(Locale.ROOT, "replay %s  %s  %s.%s  %s%n", r.id(), r.state().label(), r.component(),
                r.version(), what(r));
        out.printf(Locale.ROOT, "  window   [%s, %s)%s%n", r.from(), r.to(), r.dryRun() ? "  (dry run)" : "");
        out.printf(Locale.ROOT, "  reason   %s (by %s)%n", r.reason(), r.requestedBy());
        out.printf(Locale.ROOT, "  progress %s%n", bar(r));
        DryRunReport dry = r.dryRunResult();
        if (dry != null) {
            out.printf(Locale.ROOT, "  dry run  %d events: %d same, %d changed, %d new, %d missing, %d errored%n",
                    dry.events(), dry.same(), dry.changed(), dry.added(), dry.missing(), dry.errored());
            for (DryRunReport.Difference d : dry.sample()) {
                out.printf(Locale.ROOT, "    %-8s event %s  %s/%s%n      was %s%n      now %s%n", d.kind(),
                        d.eventId(), d.topic(), ApiCommand.text(d.key()), ApiCommand.text(d.expected()),
                        ApiCommand.text(d.actual()));
            }
        }
        if (r.cancelRequested()) {
            out.println("  cancel requested");
        }
    }

    static void printPartitions(PrintWriter out, ReplayStatus r) {
        if (r.partitions().isEmpty()) {
            out.println("  no partition plan yet");
            return;
        }
        out.printf(Locale.ROOT, "  %-30s %10s %10s %10s %8s %8s %8s %7s %s%n", "PARTITION", "START",
                "POSITION", "TARGET", "REPROC", "SKIPPED", "ERRORED", "PCT", "STATE");
        for (PartitionStatus p : r.partitions()) {
            out.printf(Locale.ROOT, "  %-30s %10s %10s %10s %8d %8d %8d %6.1f%% %s%n",
                    p.topic() + "-" + p.partition(), ApiCommand.text(p.startOffset()),
                    ApiCommand.text(p.position()), ApiCommand.text(p.endOffset()), p.reprocessed(), p.skipped(),
                    p.errored(), p.percent(), p.state().label());
        }
    }

    static String bar(ReplayStatus r) {
        return ProgressBar.render(r.percent(), r.offsetsDone(), r.offsetsTotal(), r.etaSeconds(), r.state().label());
    }

    /** Polls until the replay is terminal, redrawing the bar in text mode; returns the last state. */
    static ReplayStatus await(RewindClient client, String id, Duration interval, PrintWriter out, boolean text) {
        ReplayStatus replay = client.replay(id);
        while (!replay.state().isTerminal()) {
            if (text) {
                out.print("\r" + bar(replay));
                out.flush();
            }
            try {
                Thread.sleep(interval.toMillis()); // polling a remote service, not synchronising threads
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return replay;
            }
            replay = client.replay(id);
        }
        if (text) {
            out.println("\r" + bar(replay));
            out.flush();
        }
        return replay;
    }
}
