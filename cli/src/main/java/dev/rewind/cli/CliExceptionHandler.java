package dev.rewind.cli;

import dev.rewind.api.problems.Problem;
import dev.rewind.api.problems.ProblemException;
import dev.rewind.cli.client.ServerUnreachableException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place failures become an exit code and one readable line on the command's error
 * writer: 3 when the service cannot be reached, 1 for everything else that went wrong. With
 * {@code --output json} a refusal's problem document is also printed on the output writer.
 */
final class CliExceptionHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
        if (e instanceof ServerUnreachableException) {
            cmd.getErr().println("rewind: " + e.getMessage());
            cmd.getErr().flush();
            return ExitCodes.UNREACHABLE;
        }
        String line = e.getMessage();
        if (e instanceof ProblemException refused) {
            Problem problem = refused.problem();
            if (isJson(cmd)) {
                cmd.getOut().println(ApiCommand.toJson(problem));
                cmd.getOut().flush();
            }
            line = problem.detail() == null ? problem.title() + " (HTTP " + problem.status() + ")"
                    : problem.title() + " (HTTP " + problem.status() + "): " + problem.detail();
        }
        cmd.getErr().println("rewind: " + line);
        cmd.getErr().flush();
        return ExitCodes.FAILED;
    }

    private static boolean isJson(CommandLine cmd) {
        return cmd.getCommand() instanceof ApiCommand command && command.json();
    }
}
