package dev.rewind.api.routes;

import dev.rewind.api.OpenApiSchema;
import java.math.BigDecimal;

/**
 * The ramp of a route: a share of the selector's cohort values sent to another target. A value is
 * on the ramp's side when {@code toPositive(murmur2(utf8(value))) % 10000 < percent * 100} (Kafka's
 * default partitioner hash), so it stays there while the percentage grows.
 *
 * @param dimension {@code customer} (default in requests), {@code plan} or {@code project}: whose values are hashed
 * @param percent share of the values, 0 to 100 with at most two decimals
 * @param target version or channel name the share goes to
 * @param targetKind {@code version} or {@code channel}; null in a request: a channel if the
 *     component has one of that name, else a version
 */
@OpenApiSchema("Ramp")
public record RampSpec(String dimension, BigDecimal percent, String target, String targetKind) {
}
