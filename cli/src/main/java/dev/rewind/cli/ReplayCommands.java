package dev.rewind.cli;

import picocli.CommandLine.Command;

/** {@code rewind replay}: start, follow, list and cancel replays. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Start, follow, list and cancel replays.",
        subcommands = {ReplayStartCommand.class, ReplayStatusCommand.class, ReplayListCommand.class,
            ReplayCancelCommand.class})
final class ReplayCommands extends CommandGroup {
}
