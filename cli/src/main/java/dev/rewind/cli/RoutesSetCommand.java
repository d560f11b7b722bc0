package dev.rewind.cli;

import dev.rewind.api.routes.RampSpec;
import dev.rewind.api.routes.RouteRequest;
import dev.rewind.api.routes.RouteView;
import java.math.BigDecimal;
import java.time.Instant;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rewind routes set COMPONENT SELECTOR (--version V | --channel C) [--ramp-to V2 --ramp-percent P
 * [--ramp-by customer]]}.
 */
@Command(name = "set",
        description = {"Route a cohort selector to a version or a channel from now (plus the safety margin) on.",
            "With --ramp-to and --ramp-percent, a share of the selector's customers (or plans, projects) goes to"
                    + " another version: ramp in steps by setting the route again with a higher percent."})
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

    @ArgGroup(exclusive = false)
    RampOptions ramp;

    static final class RampOptions {
        @Option(names = "--ramp-to", required = true, paramLabel = "VERSION",
                description = "Send a share of the selector's cohort values to this version instead.")
        String version;

        @Option(names = "--ramp-percent", required = true, paramLabel = "PERCENT",
                description = "The share, 0 to 100 (two decimals at most). Values stay ramped as it grows.")
        BigDecimal percent;

        @Option(names = "--ramp-by", paramLabel = "DIMENSION", defaultValue = "customer",
                description = "Whose values are hashed: customer (default), plan or project.")
        String dimension;
    }

    @Override
    public Integer call() {
        RampSpec rampSpec = ramp == null ? null : new RampSpec(ramp.dimension, ramp.percent, ramp.version, "version");
        RouteRequest request = new RouteRequest(target.version != null ? target.version : target.channel,
                target.version != null ? "version" : "channel", rampSpec, effectiveFrom, reason);
        RouteView route = client().setRoute(component, selector, request);
        if (json()) {
            printJson(route);
        } else {
            out().println("route " + selector + " of " + component + " -> " + RoutesListCommand.describe(route)
                    + " from " + text(route.effectiveFrom()));
            out().flush();
        }
        return ExitCodes.DONE;
    }
}
