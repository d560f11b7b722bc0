package dev.rewind.api.shadows;

import dev.rewind.api.OpenApiSchema;
import java.time.Instant;
import java.util.Objects;

/**
 * What a shadow run's runner sends ({@code PUT /api/v1/shadows/{id}}): every second while it runs, and once
 * with its final state. The first report registers the run; a report in a terminal state ends it.
 *
 * @param component the component
 * @param version the build's name, e.g. {@code v2} (not necessarily deployed)
 * @param cohort the cohort's selector, e.g. {@code plan:enterprise}
 * @param from events from this time on are run
 * @param startedAt when the runner started
 * @param stateFrom the version whose committed state the run started from (null until known)
 * @param state running, stopped or failed ({@code expired} is the service's to set)
 * @param host where the runner runs (host name and user), for people
 * @param reason why it runs, for the audit
 * @param message why it failed, if it did
 * @param comparison the comparison so far
 */
@OpenApiSchema("ShadowRunReport")
public record ShadowRunReport(String component, String version, String cohort, Instant from, Instant startedAt,
        String stateFrom, ShadowRunState state, String host, String reason, String message,
        ShadowComparison comparison) {

    /** Validates what a runner must send. */
    public ShadowRunReport {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(cohort, "cohort");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(state, "state");
        comparison = comparison == null ? ShadowComparison.empty() : comparison;
    }
}
