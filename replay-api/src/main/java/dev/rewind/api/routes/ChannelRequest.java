package dev.rewind.api.routes;

import dev.rewind.api.OpenApiSchema;
import java.time.Instant;

/**
 * Body of {@code PUT /api/v1/components/{component}/channels/{channel}}.
 *
 * @param version the version the channel points at
 * @param effectiveFrom when it applies; null: as soon as allowed (now plus the margin)
 * @param reason why; required
 */
@OpenApiSchema("ChannelRequest")
public record ChannelRequest(String version, Instant effectiveFrom, String reason) {
}
