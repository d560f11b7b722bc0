package dev.rewind.cli;

import dev.rewind.api.shadows.ShadowComparison;
import dev.rewind.api.shadows.ShadowRunList;
import dev.rewind.api.shadows.ShadowRunState;
import dev.rewind.api.shadows.ShadowRunView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rewind shadow list}: the shadow runs the service knows. */
@Command(name = "list", description = "List shadow runs: running ones and those that ended in the last hour.")
final class ShadowListCommand extends ApiCommand {

    @Option(names = {"-c", "--component"}, paramLabel = "COMPONENT", description = "Only this component's runs.")
    String component;

    @Option(names = "--state", paramLabel = "STATE", description = "Only runs in this state: running, stopped,"
            + " failed or expired.")
    String state;

    @Override
    public Integer call() {
        ShadowRunList list = client().shadowRuns(component, state == null ? null : ShadowRunState.parse(state));
        if (json()) {
            printJson(list);
            return ExitCodes.DONE;
        }
        out().printf("%-36s %-8s %-22s %-8s %-20s %8s %8s %8s %8s %8s%n", "ID", "STATE", "COMPONENT", "VERSION",
                "COHORT", "EVENTS", "SAME", "CHANGED", "NEW", "MISSING");
        for (ShadowRunView run : list.shadowRuns()) {
            ShadowComparison c = run.comparison();
            out().printf("%-36s %-8s %-22s %-8s %-20s %8d %8d %8d %8d %8d%n", run.id(), run.state().label(),
                    run.component(), run.version(), run.cohort(), c.events(), c.same(), c.changed(), c.added(),
                    c.missing());
        }
        out().flush();
        return ExitCodes.DONE;
    }
}
