package dev.rewind.api.routes;

import dev.rewind.api.OpenApiSchema;
import java.time.Instant;

/**
 * A channel as the API shows it.
 *
 * @param component component
 * @param channel channel name
 * @param version the version it points at
 * @param effectiveFrom since when (may be in the future)
 * @param changeId the channel change
 * @param author who made the change, from the audit log (null if not recorded by this service)
 * @param reason why, from the audit log (null if not recorded by this service)
 */
@OpenApiSchema("Channel")
public record ChannelView(String component, String channel, String version, Instant effectiveFrom, String changeId,
        String author, String reason) {
}
