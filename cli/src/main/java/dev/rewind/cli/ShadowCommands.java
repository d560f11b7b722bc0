package dev.rewind.cli;

import picocli.CommandLine.Command;

/**
 * {@code rewind shadow}: shadow runs, a build that is not deployed run on one cohort's live events and compared
 * with what the owning versions produce. {@code start} runs the build in this process and needs the engine on
 * the class path: the {@code rewind} launcher adds it; this jar alone lists, follows and stops runs.
 */
@Command(name = "shadow", mixinStandardHelpOptions = true,
        description = "Run a local build on one cohort's live events and compare its outputs with the owning"
                + " versions' (start), list, follow and stop shadow runs.",
        subcommands = {ShadowListCommand.class, ShadowStatusCommand.class, ShadowStopCommand.class})
public final class ShadowCommands extends CommandGroup {
}
