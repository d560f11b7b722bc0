package dev.rewind.api.rollouts;

import dev.rewind.api.OpenApiSchema;

/**
 * Body of {@code POST /api/v1/rollouts/{id}/pause}, {@code /resume} and {@code /abort}.
 *
 * @param reason why; required, recorded in the rollout's decisions and the audit log
 */
@OpenApiSchema("RolloutActionRequest")
public record RolloutActionRequest(String reason) {
}
