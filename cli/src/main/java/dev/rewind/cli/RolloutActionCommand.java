package dev.rewind.cli;

import dev.rewind.api.rollouts.RolloutView;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Base of {@code rewind rollout pause|resume|abort ID --reason ...}: one POST, the rollout printed. */
abstract class RolloutActionCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "Rollout id.")
    String id;

    @Option(names = "--reason", required = true, description = "Why; recorded with the rollout's decisions.")
    String reason;

    /** {@code pause}, {@code resume} or {@code abort}: the last segment of the path. */
    abstract String action();

    @Override
    public Integer call() {
        RolloutView rollout = client().rolloutAction(id, action(), reason);
        if (json()) {
            printJson(rollout);
        } else {
            RolloutPrinter.print(out(), rollout);
        }
        return ExitCodes.DONE;
    }
}
