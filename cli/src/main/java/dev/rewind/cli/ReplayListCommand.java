package dev.rewind.cli;

import dev.rewind.api.replays.ReplayList;
import dev.rewind.api.replays.ReplayState;
import dev.rewind.api.replays.ReplayStatus;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rewind replay list}: replays known to the service, optionally filtered. */
@Command(name = "list", description = "List replays.")
final class ReplayListCommand extends ApiCommand {

    @Option(names = {"-c", "--component"}, description = "Only replays of this component.")
    String component;

    @Option(names = "--state", description = "Only replays in this state: pending, running, completed,"
            + " failed or cancelled.")
    ReplayState state;

    @Override
    public Integer call() {
        ReplayList result = client().replays(component, state);
        if (json()) {
            printJson(result);
            return ExitCodes.DONE;
        }
        out().printf(Locale.ROOT, "%-36s %-10s %-28s %-20s %6s  %s%n", "ID", "STATE", "COMPONENT.VERSION",
                "COHORT", "PCT", "FROM");
        for (ReplayStatus r : result.replays()) {
            out().printf(Locale.ROOT, "%-36s %-10s %-28s %-20s %5.1f%%  %s%n", r.id(), r.state().label(),
                    r.component() + "." + r.version(), r.redriveRecords() == null ? r.cohort()
                            : "redrive:" + r.redriveRecords(), r.percent(), r.from());
        }
        out().flush();
        return ExitCodes.DONE;
    }
}
