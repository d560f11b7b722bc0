package dev.rewind.cli;

import dev.rewind.api.routes.RouteRequest;
import dev.rewind.api.routes.RouteView;
import java.time.Instant;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rewind routes set COMPONENT SELECTOR (--version V | --channel C)}. */
@Command(name = "set",
        description = "Route a cohort selector to a version or a channel from now (plus the safety margin) on.")
final class RoutesSetCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "COMPONENT", description = "Component name.")
    String component;

    @Parameters(index = "1", paramLabel = "SELECTOR",
            description = "customer:<id>, plan:<id>, project:<id> or default.")
    String selector;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--reason", required = true, description = "Why: recorded in the audit log.")
    String reason;

    @Option(names = "--effective-from", description = "When it applies (ISO-8601); default now plus the margin.")
    Instant effectiveFrom;

    static final class Target {
        @Option(names = "--version", required = true, description = "Target version.")
        String version;

        @Option(names = "--channel", required = true, description = "Target channel.")
        String channel;
    }

    @Override
    public Integer call() {
        RouteRequest request = new RouteRequest(target.version != null ? target.version : target.channel,
                target.version != null ? "version" : "channel", effectiveFrom, reason);
        RouteView route = client().setRoute(component, selector, request);
        if (json()) {
            printJson(route);
        } else {
            out().println("route " + selector + " of " + component + " -> " + text(route.target()) + " ("
                    + text(route.targetKind()) + ") from " + text(route.effectiveFrom()));
            out().flush();
        }
        return ExitCodes.DONE;
    }
}
