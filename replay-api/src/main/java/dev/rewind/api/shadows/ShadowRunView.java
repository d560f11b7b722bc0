package dev.rewind.api.shadows;

import dev.rewind.api.OpenApiSchema;
import java.time.Instant;

/**
 * A shadow run as the service knows it: the runner's latest report plus who started it, when it last
 * reported and whether someone asked it to stop.
 *
 * @param id the run's id (chosen by the runner, a UUID)
 * @param component the component
 * @param version the build's name
 * @param cohort the cohort's selector
 * @param from events from this time on are run
 * @param startedAt when the runner started
 * @param stateFrom the version whose committed state the run started from
 * @param state running, stopped, failed or expired
 * @param host where the runner runs
 * @param reason why it runs
 * @param message why it failed or expired, if it did
 * @param comparison the comparison so far
 * @param startedBy the name of the token that registered it ({@code anonymous} when the service is open)
 * @param reportedAt when the service last heard from the runner
 * @param stopRequested whether someone asked it to stop (the runner stops on its next report)
 * @param stopRequestedBy who asked, if someone did
 * @param auditEntryId the audit entry written when it ended, if it has
 */
@OpenApiSchema("ShadowRun")
public record ShadowRunView(String id, String component, String version, String cohort, Instant from,
        Instant startedAt, String stateFrom, ShadowRunState state, String host, String reason, String message,
        ShadowComparison comparison, String startedBy, Instant reportedAt, boolean stopRequested,
        String stopRequestedBy, String auditEntryId) {
}
