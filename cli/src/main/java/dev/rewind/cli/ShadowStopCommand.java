package dev.rewind.cli;

import dev.rewind.api.shadows.ShadowRunView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code rewind shadow stop ID}: asks a shadow run to stop; its runner stops on its next report. */
@Command(name = "stop", description = "Ask a shadow run to stop (its runner stops within a second or two and"
        + " the run ends with one audit entry).")
final class ShadowStopCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "Shadow run id (from shadow list).")
    String id;

    @Override
    public Integer call() {
        ShadowRunView run = client().stopShadowRun(id);
        if (json()) {
            printJson(run);
        } else {
            out().println("shadow run " + run.id() + " of " + run.component() + " " + run.version()
                    + ": stop requested by " + run.stopRequestedBy());
            out().flush();
        }
        return ExitCodes.DONE;
    }
}
