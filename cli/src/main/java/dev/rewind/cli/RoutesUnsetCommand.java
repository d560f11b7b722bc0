package dev.rewind.cli;

import dev.rewind.api.routes.RouteView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rewind routes unset COMPONENT SELECTOR}: the selector falls back to less specific routes. */
@Command(name = "unset", description = "Remove a route.")
final class RoutesUnsetCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "COMPONENT", description = "Component name.")
    String component;

    @Parameters(index = "1", paramLabel = "SELECTOR", description = "The route's selector.")
    String selector;

    @Option(names = "--reason", required = true, description = "Why: recorded in the audit log.")
    String reason;

    @Override
    public Integer call() {
        RouteView result = client().unsetRoute(component, selector, reason);
        if (json()) {
            printJson(result);
        } else {
            out().println("route " + selector + " of " + component + " removed from "
                    + text(result.effectiveFrom()));
            out().flush();
        }
        return ExitCodes.DONE;
    }
}
