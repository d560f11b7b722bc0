package dev.rewind.api.rollouts;

import dev.rewind.api.OpenApiSchema;
import java.math.BigDecimal;
import java.util.List;

/**
 * Body of {@code POST /api/v1/rollouts}. Checked by the service, not here, so that each mistake gets
 * a problem naming the field, the value and the fix.
 *
 * @param component component name
 * @param cohort the selector moved: {@code customer:<id>}, {@code plan:<id>}, {@code project:<id>} or {@code default}
 * @param version the new version the cohort moves to
 * @param baseline the version that gets the cohort back on a rollback; null: the version that owns the
 *     cohort now
 * @param steps the share of the cohort's values moved at each step, percent, increasing, ending at 100;
 *     null: one step of 100
 * @param rampDimension whose values a step below 100 hashes: {@code customer} (default), {@code plan} or
 *     {@code project}
 * @param marginPercent how many percentage points the new version's error rate may exceed the baseline's
 *     before the rollout rolls back; null: 5
 * @param window how long each step is watched, ISO-8601 ({@code PT5M}); null: 5 minutes
 * @param minSamples outcomes of the new version the guard needs before it may trip or pass; null: 20
 * @param reason why; required
 */
@OpenApiSchema("RolloutRequest")
public record RolloutRequest(String component, String cohort, String version, String baseline,
        List<BigDecimal> steps, String rampDimension, BigDecimal marginPercent, String window, Long minSamples,
        String reason) {
}
