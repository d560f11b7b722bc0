package dev.rewind.cli;

import picocli.CommandLine.Command;

/** {@code rewind rollout abort ID --reason ...}. */
@Command(name = "abort", description = "Abort a rollout: the cohort's previous route is restored, nothing is replayed.")
final class RolloutAbortCommand extends RolloutActionCommand {

    @Override
    String action() {
        return "abort";
    }
}
