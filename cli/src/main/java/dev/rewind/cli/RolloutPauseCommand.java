package dev.rewind.cli;

import picocli.CommandLine.Command;

/** {@code rewind rollout pause ID --reason ...}. */
@Command(name = "pause", description = "Pause a watching rollout: the guard stops deciding, routes stay.")
final class RolloutPauseCommand extends RolloutActionCommand {

    @Override
    String action() {
        return "pause";
    }
}
