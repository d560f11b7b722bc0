package dev.rewind.cli;

import dev.rewind.api.replays.ReplayRequest;
import dev.rewind.api.replays.ReplayStatus;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rewind replay start}: asks the service to replay one cohort's window through a version. */
@Command(name = "start",
        description = "Replay one cohort's events in [from, to) through a component version.")
final class ReplayStartCommand extends ApiCommand {

    @Option(names = {"-c", "--component"}, required = true, description = "Component, e.g. release-coordinator.")
    String component;

    @Option(names = {"-v", "--version"}, required = true, description = "Version to replay through, e.g. v2.")
    String version;

    @Option(names = "--cohort", required = true,
            description = "Cohort selector: customer:<id>, plan:<id>, project:<id> or default.")
    String cohort;

    @Option(names = "--from", description = "Start of the window (ISO-8601, e.g. 2026-01-01T10:00:00Z).")
    Instant from;

    @Option(names = "--last", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Instead of --from: the window is the last DURATION (e.g. 15m, 2h or PT15M).")
    Duration last;

    @Option(names = "--to", description = "End of the window, exclusive (ISO-8601; default now).")
    Instant to;

    @Option(names = "--reason", required = true, description = "Why: recorded in the audit log.")
    String reason;

    @Option(names = "--dry-run", description = "Compare outputs in a sandbox without committing anything.")
    boolean dryRun;

    @Option(names = "--max-events-per-second", paramLabel = "N", description = "Throttle reprocessed events.")
    Double maxEventsPerSecond;

    @Option(names = "--wait", description = "Follow the replay with a progress bar until it ends.")
    boolean await;

    @Option(names = "--interval", defaultValue = "PT1S", hidden = true, description = "Polling interval.")
    Duration interval;

    @Override
    public Integer call() {
        ReplayStatus replay = client().startReplay(new ReplayRequest(component, version, cohort, window(), to,
                dryRun, maxEventsPerSecond, reason));
        if (!await) {
            if (json()) {
                printJson(replay);
            } else {
                out().println("replay " + replay.id() + " accepted");
                ReplayPrinter.printSummary(out(), replay);
                out().flush();
            }
            return ExitCodes.DONE;
        }
        if (!json()) {
            out().println("replay " + replay.id() + " accepted; waiting for it to finish");
        }
        ReplayStatus last = ReplayPrinter.await(client(), replay.id(), interval, out(), !json());
        if (json()) {
            printJson(last);
        } else {
            ReplayPrinter.printSummary(out(), last);
            out().flush();
        }
        return ReplayPrinter.exitCode(last);
    }

    private Instant window() {
        if ((from == null) == (last == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Give exactly one of --from or --last");
        }
        return from != null ? from : (to == null ? Instant.now() : to).minus(last);
    }
}
