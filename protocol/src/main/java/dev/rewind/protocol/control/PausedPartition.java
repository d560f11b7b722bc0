package dev.rewind.protocol.control;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * A source partition an engine instance holds paused, as it reports it in its {@link InstanceStatus}.
 *
 * @param partition the source partition
 * @param offset the offset of the record it waits at ({@link Reason#ROUTES}) or stopped at ({@link Reason#STOPPED})
 * @param reason why
 * @param since when the pause began
 * @param eventTime the waiting record's timestamp, for {@link Reason#ROUTES}
 */
public record PausedPartition(TopicPartition partition, long offset, Reason reason, Instant since,
                              Optional<Instant> eventTime) {

    /** Why a partition is paused; the {@code reason} tag of the engine's {@code rewind.partitions.paused} gauge. */
    public enum Reason {
        /**
         * The route history read does not cover the record's time yet: no route yet, or a timestamp ahead of
         * now plus the route margin but less than {@code event.time.after.max.ms} ahead.
         */
        ROUTES,
        /** A processing error stopped the partition ({@code error.policy=stop-partition}) until a restart. */
        STOPPED;

        /** The lower-case name, as in metrics and the REST API. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Validates. */
    public PausedPartition {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(eventTime, "eventTime");
        if (offset < 0) {
            throw new IllegalArgumentException("Paused partition offset must be >= 0, was " + offset);
        }
    }

    dev.rewind.schemas.avro.PausedPartition toAvro() {
        return dev.rewind.schemas.avro.PausedPartition.newBuilder().setTopic(partition.topic())
                .setPartition(partition.partition()).setOffset(offset)
                .setReason(dev.rewind.schemas.avro.PauseReason.valueOf(reason.name())).setSince(since)
                .setEventTime(eventTime.orElse(null)).build();
    }

    static PausedPartition fromAvro(dev.rewind.schemas.avro.PausedPartition avro) {
        return new PausedPartition(new TopicPartition(avro.getTopic(), avro.getPartition()), avro.getOffset(),
                Reason.valueOf(avro.getReason().name()), avro.getSince(), Optional.ofNullable(avro.getEventTime()));
    }
}
