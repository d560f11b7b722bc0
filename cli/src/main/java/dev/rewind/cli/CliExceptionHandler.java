package dev.rewind.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place failures become an exit code and one readable line on the command's error
 * writer: 3 when the service cannot be reached, 1 for everything else that went wrong.
 */
final class CliExceptionHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
        if (e instanceof ServerUnreachableException) {
            cmd.getErr().println("rewind: " + e.getMessage());
            cmd.getErr().flush();
            return ExitCodes.UNREACHABLE;
        }
        if (e instanceof ApiException api && api.problem().has("type") && isJson(cmd)) {
            cmd.getOut().println(ApiClient.pretty(api.problem()));
            cmd.getOut().flush();
        }
        cmd.getErr().println("rewind: " + e.getMessage());
        cmd.getErr().flush();
        return ExitCodes.FAILED;
    }

    private static boolean isJson(CommandLine cmd) {
        return cmd.getCommand() instanceof ApiCommand command && command.json();
    }
}
