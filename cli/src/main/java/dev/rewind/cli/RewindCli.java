package dev.rewind.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code rewind}: the command line of the replay service. Each subcommand calls the REST API.
 *
 * <p>Exit codes: 0 done, 1 failed or cancelled (or refused by the service), 2 usage error,
 * 3 service unreachable.
 */
@Command(name = "rewind", mixinStandardHelpOptions = true, version = "rewind 0.1.0",
        description = "Replay one cohort's events through a component version, and manage routes.",
        subcommands = {ReplayCommands.class, RoutesCommands.class, ChannelsCommands.class, EventsCommands.class,
            VersionsCommands.class, DlqCommands.class, ShadowCommands.class, RolloutCommands.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:failed, cancelled or refused", "2:usage error",
            "3:service unreachable"})
public final class RewindCli extends CommandGroup {

    /** Runs the CLI and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for embedding and tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new RewindCli())
                .setExecutionExceptionHandler(new CliExceptionHandler())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** Runs with the given writers and returns the exit code (for tests and embedding). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine().setOut(out).setErr(err).execute(args);
    }
}
