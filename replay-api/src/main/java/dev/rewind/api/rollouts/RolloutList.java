package dev.rewind.api.rollouts;

import dev.rewind.api.OpenApiSchema;
import java.util.List;

/**
 * {@code GET /api/v1/rollouts}: rollouts, newest first.
 *
 * @param rollouts the rollouts
 */
@OpenApiSchema("RolloutList")
public record RolloutList(List<RolloutView> rollouts) {

    /** Copies the list. */
    public RolloutList {
        rollouts = List.copyOf(rollouts);
    }
}
