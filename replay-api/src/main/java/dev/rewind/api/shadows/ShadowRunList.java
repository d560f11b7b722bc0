package dev.rewind.api.shadows;

import dev.rewind.api.OpenApiSchema;
import java.util.List;

/**
 * The shadow runs the service knows: running ones, and those that ended in the last hour, newest first.
 *
 * @param shadowRuns the runs
 */
@OpenApiSchema("ShadowRunList")
public record ShadowRunList(List<ShadowRunView> shadowRuns) {

    /** Copies the list. */
    public ShadowRunList {
        shadowRuns = List.copyOf(shadowRuns);
    }
}
