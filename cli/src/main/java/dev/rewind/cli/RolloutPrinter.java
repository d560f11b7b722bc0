package dev.rewind.cli;

import dev.rewind.api.rollouts.RolloutDecisionView;
import dev.rewind.api.rollouts.RolloutGuardView;
import dev.rewind.api.rollouts.RolloutView;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.stream.Collectors;

/** Prints a rollout for people: definition, step, what the guard sees now, every decision. */
final class RolloutPrinter {

    private RolloutPrinter() {
    }

    static void print(PrintWriter out, RolloutView r) {
        out.printf(Locale.ROOT, "rollout %s  %s  %s.%s  cohort %s  baseline %s%n", r.id(), r.state(), r.component(),
                r.version(), r.cohort(), r.baseline());
        out.printf(Locale.ROOT, "  steps    %s (by %s); now step %d/%d: %s%%%n",
                r.steps().stream().map(s -> s.toPlainString() + "%").collect(Collectors.joining(" -> ")),
                r.rampDimension(), r.step() + 1, r.steps().size(), r.stepPercent().toPlainString());
        out.printf(Locale.ROOT, "  guard    margin %s points over %s, at least %d outcomes%n",
                r.marginPercent().toPlainString(), r.window(), r.minSamples());
        RolloutGuardView g = r.guard();
        if (g != null) {
            out.printf(Locale.ROOT, "  now      %s %d/%d (%.1f%%) vs %s %d/%d (%.1f%%, %s): %s%n", r.version(),
                    g.versionErrors(), g.versionOutcomes(), g.versionErrorRate() * 100, r.baseline(),
                    g.baselineErrors(), g.baselineOutcomes(), g.baselineErrorRate() * 100, g.baselineScope(),
                    g.verdict());
        }
        if (r.replayId() != null) {
            out.printf(Locale.ROOT, "  replay   %s over [%s, %s)%n", r.replayId(), r.movedFrom(),
                    r.rollbackEffectiveFrom());
        }
        out.printf(Locale.ROOT, "  reason   %s (by %s)%n%n", r.reason(), r.author());
        out.printf(Locale.ROOT, "%-24s %-15s %4s %11s %11s  %s%n", "AT", "DECISION", "STEP", "NEW ERR", "BASE ERR",
                "DETAIL");
        for (RolloutDecisionView d : r.decisions()) {
            out.printf(Locale.ROOT, "%-24s %-15s %4d %11s %11s  %s%n", d.at(), d.kind(), d.step() + 1,
                    d.versionErrors() + "/" + d.versionOutcomes(), d.baselineErrors() + "/" + d.baselineOutcomes(),
                    d.detail());
        }
        out.flush();
    }
}
