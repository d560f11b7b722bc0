package dev.rewind.cli;

import dev.rewind.api.rollouts.RolloutList;
import dev.rewind.api.rollouts.RolloutView;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rewind rollout list}: rollouts known to the service, newest first. */
@Command(name = "list", description = "List rollouts.")
final class RolloutListCommand extends ApiCommand {

    @Option(names = {"-c", "--component"}, description = "Only rollouts of this component.")
    String component;

    @Option(names = "--state", description = "Only rollouts in this state: watching, paused, rolling-back,"
            + " replaying, rolled-back, completed or aborted.")
    String state;

    @Override
    public Integer call() {
        RolloutList result = client().rollouts(component, state);
        if (json()) {
            printJson(result);
            return ExitCodes.DONE;
        }
        out().printf(Locale.ROOT, "%-36s %-12s %-28s %-20s %-9s %s%n", "ID", "STATE", "COMPONENT.VERSION", "COHORT",
                "STEP", "BASELINE");
        for (RolloutView r : result.rollouts()) {
            out().printf(Locale.ROOT, "%-36s %-12s %-28s %-20s %-9s %s%n", r.id(), r.state(),
                    r.component() + "." + r.version(), r.cohort(), (r.step() + 1) + "/" + r.steps().size() + " "
                            + r.stepPercent().toPlainString() + "%", r.baseline());
        }
        out().flush();
        return ExitCodes.DONE;
    }
}
