package dev.rewind.cli;

import picocli.CommandLine.Command;

/** {@code rewind channels}: named aliases (stable, beta, ...) for a component's versions. */
@Command(name = "channels", mixinStandardHelpOptions = true,
        description = "List and set a component's channels.",
        subcommands = {ChannelsListCommand.class, ChannelsSetCommand.class})
final class ChannelsCommands extends CommandGroup {
}
