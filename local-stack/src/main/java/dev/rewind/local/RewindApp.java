package dev.rewind.local;

import dev.rewind.cli.RewindCli;
import dev.rewind.replaytool.ServeCommand;
import picocli.CommandLine;

/**
 * The {@code rewind} launcher's one root command: the CLI's {@code <noun> <verb>} commands (module
 * {@code cli}) plus the two that need this app's class path: {@code up} (the whole stack in one
 * JVM), {@code serve} (the replay service alone) and {@code shadow start} (a build run in this process, which
 * needs the engine).
 */
public final class RewindApp {

    private RewindApp() {
    }

    /** The root command line with {@code up}, {@code serve} and {@code shadow start} added. */
    public static CommandLine commandLine() {
        CommandLine root = RewindCli.commandLine()
                .addSubcommand("up", new UpCommand())
                .addSubcommand("serve", new ServeCommand());
        root.getSubcommands().get("shadow").addSubcommand("start", new ShadowStartCommand());
        return root;
    }

    /** Runs {@code rewind ...} and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
