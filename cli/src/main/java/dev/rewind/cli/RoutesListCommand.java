package dev.rewind.cli;

import dev.rewind.api.routes.RampSpec;
import dev.rewind.api.routes.RouteList;
import dev.rewind.api.routes.RouteView;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code rewind routes list COMPONENT}: the routes in force now. */
@Command(name = "list", description = "List a component's routes.")
final class RoutesListCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "COMPONENT", description = "Component name.")
    String component;

    @Override
    public Integer call() {
        RouteList result = client().routes(component);
        if (json()) {
            printJson(result);
            return ExitCodes.DONE;
        }
        out().printf(Locale.ROOT, "%-24s %-20s %-8s %-32s %-25s %-12s %s%n", "SELECTOR", "TARGET", "KIND",
                "RAMP", "EFFECTIVE FROM", "AUTHOR", "REASON");
        for (RouteView r : result.routes()) {
            out().printf(Locale.ROOT, "%-24s %-20s %-8s %-32s %-25s %-12s %s%n", r.selector(),
                    text(r.target()), text(r.targetKind()), ramp(r.ramp()), text(r.effectiveFrom()),
                    text(r.author()), text(r.reason()));
        }
        out().flush();
        return ExitCodes.DONE;
    }

    /** E.g. {@code 25% of customer -> v2}, or {@code -}. */
    static String ramp(RampSpec ramp) {
        return ramp == null ? "-" : ramp.percent().toPlainString() + "% of " + ramp.dimension() + " -> "
                + ramp.target();
    }

    /** E.g. {@code v1 (version), 25% of customer -> v2}. */
    static String describe(RouteView route) {
        return text(route.target()) + " (" + text(route.targetKind()) + ")"
                + (route.ramp() == null ? "" : ", " + ramp(route.ramp()));
    }
}
