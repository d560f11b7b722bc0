package dev.rewind.images.replayservice;

import dev.rewind.cli.RewindCli;
import dev.rewind.replaytool.ServeCommand;
import picocli.CommandLine;

/**
 * The replay service image's one root command: the {@code rewind} CLI (module {@code cli}) plus
 * {@code serve}, which runs the REST API, web console and history index. {@code serve} is the
 * container's command; every other {@code rewind} command works in the pod too.
 */
public final class ReplayServiceApp {

    private ReplayServiceApp() {
    }

    /** The root command line with {@code serve} added. */
    public static CommandLine commandLine() {
        return RewindCli.commandLine().addSubcommand("serve", new ServeCommand());
    }

    /** Runs {@code rewind ...} and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
