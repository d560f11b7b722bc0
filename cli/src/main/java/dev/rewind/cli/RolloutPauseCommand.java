package dev.rewind.cli;

import dev.rewind.api.rollouts.RolloutView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rewind rollout pause ID --reason ...}. */
@Command(name = "pause", description = "Pause a watching rollout: the guard stops deciding, routes stay.")
final class RolloutPauseCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "Rollout id.")
    String id;

    @Option(names = "--reason", required = true, description = "Why; recorded with the rollout's decisions.")
    String reason;

    @Override
    public Integer call() {
        RolloutView rollout = client().rolloutAction(id, "pause", reason);
        if (json()) {
            printJson(rollout);
        } else {
            RolloutPrinter.print(out(), rollout);
        }
        return ExitCodes.DONE;
    }
}
