package dev.rewind.cli;

import dev.rewind.api.dlq.RedriveRequest;
import dev.rewind.api.dlq.RedriveView;
import dev.rewind.api.replays.ReplayStatus;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rewind dlq redrive COMPONENT --version V ...}: reprocesses the selected dead letters'
 * source records through a version, on the replay protocol (follow it like a replay).
 */
@Command(name = "redrive", description = {"Redrive dead letters through a version (the fixed one): each selected"
        + " source record is reprocessed once, under the redrive's id, unless its event's latest outcome is already ok.",
    "Run it with --dry-run first to see what the version would emit."})
final class DlqRedriveCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "COMPONENT", description = "Component name.")
    String component;

    @Option(names = {"-v", "--version"}, required = true, description = "Version to redrive through, e.g. v2.")
    String version;

    @Mixin
    DlqFilterOptions filter;

    @Option(names = "--entry", paramLabel = "ID", description = "Only these entries (repeatable); default all matching.")
    List<String> entries;

    @Option(names = "--reason", required = true, description = "Why: recorded in the audit log.")
    String why;

    @Option(names = "--dry-run", description = "Run the version on the selection in a sandbox; commit nothing.")
    boolean dryRun;

    @Option(names = "--max-events-per-second", paramLabel = "N", description = "Throttle reprocessed records.")
    Double maxEventsPerSecond;

    @Option(names = "--wait", description = "Follow the redrive with a progress bar until it ends.")
    boolean await;

    @Option(names = "--interval", defaultValue = "PT1S", hidden = true, description = "Polling interval.")
    Duration interval;

    @Override
    public Integer call() {
        RedriveView redrive = client().redrive(component, new RedriveRequest(version, why, entries, filter.version,
                filter.reason, filter.cohort, filter.from, filter.to, dryRun, maxEventsPerSecond));
        if (!json()) {
            out().println("redrive " + redrive.id() + " accepted: " + redrive.selected() + " records through "
                    + redrive.version() + " (" + redrive.matched() + " entries matched, " + redrive.alreadyOk()
                    + " already ok, " + redrive.notRedrivable() + " not from its source topics)");
        }
        if (!await) {
            if (json()) {
                printJson(redrive);
            } else {
                ReplayPrinter.printSummary(out(), redrive.replay());
                out().flush();
            }
            return ExitCodes.DONE;
        }
        ReplayStatus last = ReplayPrinter.await(client(), redrive.id(), interval, out(), !json());
        if (json()) {
            printJson(new RedriveView(redrive.id(), redrive.component(), redrive.version(), redrive.matched(),
                    redrive.selected(), redrive.alreadyOk(), redrive.notRedrivable(), last));
        } else {
            ReplayPrinter.printSummary(out(), last);
            out().flush();
        }
        return ReplayPrinter.exitCode(last);
    }
}
