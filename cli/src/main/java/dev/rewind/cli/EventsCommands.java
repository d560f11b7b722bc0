package dev.rewind.cli;

import picocli.CommandLine.Command;

/** {@code rewind events}: what happened to a cohort's events, and to one event. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "List a cohort's events with their outcomes, or show one event's story.",
        subcommands = {EventsListCommand.class, EventsShowCommand.class})
final class EventsCommands extends CommandGroup {
}
