package dev.rewind.api.replays;

import dev.rewind.api.OpenApiSchema;
import java.util.List;

/**
 * Body of {@code GET /api/v1/replays}.
 *
 * @param replays replays, newest first
 */
@OpenApiSchema("ReplayList")
public record ReplayList(List<ReplayStatus> replays) {

    /** Copies the list. */
    public ReplayList {
        replays = List.copyOf(replays);
    }
}
