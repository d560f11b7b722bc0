package dev.rewind.cli;

import picocli.CommandLine.Command;

/** {@code rewind rollout resume ID --reason ...}. */
@Command(name = "resume", description = "Resume a paused rollout: its step's window starts again.")
final class RolloutResumeCommand extends RolloutActionCommand {

    @Override
    String action() {
        return "resume";
    }
}
