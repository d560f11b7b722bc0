package dev.rewind.cli;

import picocli.CommandLine.Command;

/** {@code rewind rollout}: start, follow, pause, resume, abort and list guarded rollouts. */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Guarded rollouts: move a cohort to a version in steps, watched by its error rate against"
                + " the baseline's; rolled back and replayed onto the baseline when it trips.",
        subcommands = {RolloutStartCommand.class, RolloutStatusCommand.class, RolloutPauseCommand.class,
            RolloutResumeCommand.class, RolloutAbortCommand.class, RolloutListCommand.class})
final class RolloutCommands extends CommandGroup {
}
