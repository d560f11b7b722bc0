package dev.rewind.cli;

import picocli.CommandLine.Command;

/** {@code rewind dlq}: a component's dead letters. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "List and read a component's dead-letter entries, and redrive them through a version.",
        subcommands = {DlqListCommand.class, DlqShowCommand.class, DlqRedriveCommand.class})
final class DlqCommands extends CommandGroup {
}
