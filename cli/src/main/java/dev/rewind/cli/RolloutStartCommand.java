package dev.rewind.cli;

import dev.rewind.api.rollouts.RolloutRequest;
import dev.rewind.api.rollouts.RolloutView;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rewind rollout start}: starts a guarded rollout and prints it. */
@Command(name = "start", description = "Start a guarded rollout of a cohort to a version.")
final class RolloutStartCommand extends ApiCommand {

    @Option(names = {"-c", "--component"}, required = true, description = "Component.")
    String component;

    @Option(names = {"-v", "--version"}, required = true, description = "The new version.")
    String version;

    @Option(names = "--cohort", required = true,
            description = "The cohort moved: customer:<id>, plan:<id>, project:<id> or default.")
    String cohort;

    @Option(names = "--baseline", description = "The version the cohort returns to on a rollback"
            + " (default: the version that owns it now).")
    String baseline;

    @Option(names = "--steps", split = ",", description = "Percent of the cohort's values moved at each step,"
            + " e.g. 10,50,100 (default 100).")
    List<BigDecimal> steps;

    @Option(names = "--ramp-by", description = "Whose values a step below 100 hashes: customer (default), plan"
            + " or project.")
    String rampBy;

    @Option(names = "--margin", description = "Percentage points the new version's error rate may exceed the"
            + " baseline's (default 5).")
    BigDecimal margin;

    @Option(names = "--window", converter = DurationConverter.class,
            description = "How long each step is watched, e.g. 30s, 5m (default 5m).")
    Duration window;

    @Option(names = "--min-samples", description = "Outcomes of the new version the guard needs before it"
            + " trips or passes (default 20).")
    Long minSamples;

    @Option(names = "--reason", required = true, description = "Why; recorded with every decision.")
    String reason;

    @Override
    public Integer call() {
        RolloutView rollout = client().startRollout(new RolloutRequest(component, cohort, version, baseline, steps,
                rampBy, margin, window == null ? null : window.toString(), minSamples, reason));
        if (json()) {
            printJson(rollout);
        } else {
            out().println("rollout " + rollout.id() + " started");
            RolloutPrinter.print(out(), rollout);
        }
        return ExitCodes.DONE;
    }
}
