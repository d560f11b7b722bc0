package dev.rewind.cli;

import picocli.CommandLine.Command;

/** {@code rewind versions}: how each version of a component is doing. */
@Command(name = "versions", mixinStandardHelpOptions = true,
        description = "Show a component's versions: instances, lag, throughput, error rate, p99.",
        subcommands = {VersionsShowCommand.class})
final class VersionsCommands extends CommandGroup {
}
