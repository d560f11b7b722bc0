package dev.rewind.cli;

import picocli.CommandLine.Command;

/** {@code rewind routes}: which version or channel each cohort selector goes to. */
@Command(name = "routes", mixinStandardHelpOptions = true,
        description = "List, set and remove a component's routes.",
        subcommands = {RoutesListCommand.class, RoutesSetCommand.class, RoutesUnsetCommand.class})
final class RoutesCommands extends CommandGroup {
}
