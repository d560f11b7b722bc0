package dev.rewind.cli;

import dev.rewind.api.shadows.ShadowRunView;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rewind shadow status ID}: one run's comparison so far; {@code --watch} follows it until it ends. */
@Command(name = "status", description = "Show a shadow run's comparison with the owning versions.")
final class ShadowStatusCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "Shadow run id (from shadow list).")
    String id;

    @Option(names = "--watch", description = "Print a line of counts every second until the run ends.")
    boolean watch;

    @Option(names = "--interval", defaultValue = "PT1S", hidden = true, description = "Polling interval.")
    Duration interval;

    @Override
    public Integer call() throws InterruptedException {
        ShadowRunView run = client().shadowRun(id);
        while (watch && !run.state().isTerminal()) {
            if (!json()) {
                out().println(ShadowPrinter.line(run.reportedAt(), run.comparison()));
                out().flush();
            }
            TimeUnit.MILLISECONDS.sleep(interval.toMillis());
            run = client().shadowRun(id);
        }
        if (json()) {
            printJson(run);
        } else {
            ShadowPrinter.printSummary(out(), run);
        }
        return run.state() == dev.rewind.api.shadows.ShadowRunState.FAILED ? ExitCodes.FAILED : ExitCodes.DONE;
    }
}
