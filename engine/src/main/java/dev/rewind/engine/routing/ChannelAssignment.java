package dev.rewind.engine.routing;

import java.time.Instant;
import java.util.Objects;

/**
 * The version a channel points at, as it stands at some time.
 *
 * @param channel the channel
 * @param version the version it points at
 * @param effectiveFrom since when (may be in the future for a scheduled change)
 * @param changeId the channel change that set it
 */
public record ChannelAssignment(Channel channel, String version, Instant effectiveFrom, String changeId) {

    /** Validates. */
    public ChannelAssignment {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(changeId, "changeId");
    }
}
