package dev.rewind.engine.routing;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.schemas.avro.ChannelChange;
import java.time.Instant;
import java.util.Comparator;

/** A validated {@link ChannelChange}. */
record ChannelEntry(String changeId, Channel channel, String version, Instant effectiveFrom, Instant publishedAt) {

    static final Comparator<ChannelEntry> EFFECTIVE_ORDER = Comparator
            .comparing(ChannelEntry::effectiveFrom)
            .thenComparing(ChannelEntry::publishedAt)
            .thenComparing(ChannelEntry::changeId);

    static ChannelEntry of(ChannelChange change) {
        if (change.getChangeId() == null || change.getChangeId().isBlank()
                || change.getEffectiveFrom() == null || change.getPublishedAt() == null) {
            throw new IllegalArgumentException("Invalid channel change " + change.getChangeId()
                    + ": changeId, effectiveFrom and publishedAt are required");
        }
        new ComponentVersion(change.getComponent(), change.getVersion());
        return new ChannelEntry(change.getChangeId(), Channel.of(change.getChannel()), change.getVersion(),
                change.getEffectiveFrom(), change.getPublishedAt());
    }
}
