package dev.rewind.cli;

import dev.rewind.api.rollouts.RolloutView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rewind rollout abort ID --reason ...}. */
@Command(name = "abort", description = "Abort a rollout: the cohort's previous route is restored, nothing is replayed.")
final class RolloutAbortCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "Rollout id.")
    String id;

    @Option(names = "--reason", required = true, description = "Why; recorded with the rollout's decisions.")
    String reason;

    @Override
    public Integer call() {
        RolloutView rollout = client().rolloutAction(id, "abort", reason);
        if (json()) {
            printJson(rollout);
        } else {
            RolloutPrinter.print(out(), rollout);
        }
        return ExitCodes.DONE;
    }
}
