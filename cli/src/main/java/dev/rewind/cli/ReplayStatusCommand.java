package dev.rewind.cli;

import dev.rewind.api.replays.ReplayStatus;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rewind replay status ID}: state and per-partition progress of one replay. */
@Command(name = "status", description = "Show one replay's progress.")
final class ReplayStatusCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "Replay id.")
    String id;

    @Option(names = "--wait", description = "Follow the replay with a progress bar until it ends.")
    boolean await;

    @Option(names = "--interval", defaultValue = "PT1S", hidden = true, description = "Polling interval.")
    Duration interval;

    @Override
    public Integer call() {
        ReplayStatus replay = await
                ? ReplayPrinter.await(client(), id, interval, out(), !json())
                : client().replay(id);
        if (json()) {
            printJson(replay);
        } else {
            ReplayPrinter.printSummary(out(), replay);
            ReplayPrinter.printPartitions(out(), replay);
            out().flush();
        }
        return ReplayPrinter.exitCode(replay);
    }
}
