package dev.rewind.cli;

import dev.rewind.api.replays.ReplayStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code rewind replay cancel ID}: stops a replay where it is; what was committed stays. */
@Command(name = "cancel",
        description = "Cancel a replay; prints how far it got.")
final class ReplayCancelCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "Replay id.")
    String id;

    @Override
    public Integer call() {
        ReplayStatus replay = client().cancelReplay(id, null);
        if (json()) {
            printJson(replay);
        } else {
            out().println("cancel of replay " + id + " requested; it got this far:");
            ReplayPrinter.printSummary(out(), replay);
            ReplayPrinter.printPartitions(out(), replay);
            out().flush();
        }
        return ExitCodes.DONE;
    }
}
