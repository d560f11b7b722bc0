package dev.rewind.cli;

import dev.rewind.api.rollouts.RolloutView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code rewind rollout status ID}: a rollout's steps, decisions and what its guard sees now. */
@Command(name = "status", description = "Show a rollout: its step, what the guard sees now and every decision.")
final class RolloutStatusCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "Rollout id.")
    String id;

    @Override
    public Integer call() {
        RolloutView rollout = client().rollout(id);
        if (json()) {
            printJson(rollout);
        } else {
            RolloutPrinter.print(out(), rollout);
        }
        return ExitCodes.DONE;
    }
}
