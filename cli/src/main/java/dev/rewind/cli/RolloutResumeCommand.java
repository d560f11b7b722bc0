package dev.rewind.cli;

import dev.rewind.api.rollouts.RolloutView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rewind rollout resume ID --reason ...}. */
@Command(name = "resume", description = "Resume a paused rollout: its step's window starts again.")
final class RolloutResumeCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "Rollout id.")
    String id;

    @Option(names = "--reason", required = true, description = "Why; recorded with the rollout's decisions.")
    String reason;

    @Override
    public Integer call() {
        RolloutView rollout = client().rolloutAction(id, "resume", reason);
        if (json()) {
            printJson(rollout);
        } else {
            RolloutPrinter.print(out(), rollout);
        }
        return ExitCodes.DONE;
    }
}
