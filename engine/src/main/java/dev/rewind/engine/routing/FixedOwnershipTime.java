package dev.rewind.engine.routing;

import dev.rewind.schemas.avro.OwnershipTimeFix;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * The ownership time fixed for one source record whose timestamp was implausibly far ahead of the
 * route history (see {@link EventTimeRule}); the first {@link OwnershipTimeFix} of the record in
 * {@code rewind.routes}' order.
 *
 * @param partition the source topic and partition
 * @param offset the record's offset
 * @param eventTime the record's timestamp
 * @param ownershipTime the time ownership and replay windows use for the record instead
 * @param author the engine instance that published the fix
 */
public record FixedOwnershipTime(TopicPartition partition, long offset, Instant eventTime, Instant ownershipTime,
        String author) {

    /** Validates. */
    public FixedOwnershipTime {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(ownershipTime, "ownershipTime");
        Objects.requireNonNull(author, "author");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, was " + offset);
        }
        if (!ownershipTime.isBefore(eventTime)) {
            throw new IllegalArgumentException("A fixed ownership time must be before the event time, was "
                    + ownershipTime + " for " + eventTime);
        }
    }

    /** The fix a record on {@code rewind.routes} carries. */
    static FixedOwnershipTime of(OwnershipTimeFix fix) {
        return new FixedOwnershipTime(new TopicPartition(fix.getSourceTopic(), fix.getSourcePartition()),
                fix.getSourceOffset(), fix.getEventTime(), fix.getOwnershipTime(), fix.getAuthor());
    }

    /** Where the record is, as a key. */
    SourcePosition position() {
        return new SourcePosition(partition, offset);
    }

    /** A source record's coordinates. */
    record SourcePosition(TopicPartition partition, long offset) {
    }
}
