package dev.rewind.local;

import dev.rewind.cli.RewindCli;
import dev.rewind.replaytool.ServeCommand;
import picocli.CommandLine;

/**
 * The {@code rewind} launcher's one root command: the CLI's {@code <noun> <verb>} commands (module
 * {@code cli}) plus the two that need this app's class path: {@code up} (the whole stack in one
 * JVM) and {@code serve} (the replay service alone).
 */
public final class RewindApp {

    private RewindApp() {
    }

    /** The root command line with {@code up} and {@code serve} added. */
    public static CommandLine commandLine() {
        return RewindCli.commandLine()
                .addSubcommand("up", new UpCommand())
                .addSubcommand("serve", new ServeCommand());
    }

    /** Runs {@code rewind ...} and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
