package dev.rewind.engine.runtime.internal;

import dev.rewind.engine.dlq.DlqReason;
import dev.rewind.engine.runtime.spi.CohortKeys;
import dev.rewind.engine.runtime.spi.DecodeResult;
import dev.rewind.engine.runtime.spi.EventDecoder;
import dev.rewind.engine.runtime.spi.EventPipeline;
import dev.rewind.engine.runtime.spi.OwnershipCheck.Decision;
import dev.rewind.engine.runtime.spi.PartitionHandler;
import dev.rewind.engine.runtime.spi.Step;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.ProcessingMode;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Live processing of one partition: decide the owner (waiting when the event is newer than the route
 * history read), drop duplicates, process. What no version owns (a record that is not an event, an
 * event no route applies to) is dead-lettered by exactly one version, on behalf of none.
 *
 * <p>The owner is decided as early and as cheaply as the route history allows (issue 12): by the
 * record's timestamp alone when the owner at that time is the same for every cohort, else by the
 * cohort read without decoding the payload ({@linkplain EventDecoder#peekCohort compared byte by byte}
 * with the routes' ids when they are few and unramped, else {@linkplain EventDecoder#peek peeked}); only an
 * owned record, or one the peek cannot read, is decoded in full. Every version classifies a record
 * the same way: a record the peek reads is an event of its owner, which dead-letters it should its
 * full decode fail; a record the peek cannot read is left to the version that reports the unroutable.
 */
final class LivePartitionHandler implements PartitionHandler {

    private final TopicPartition partition;
    private final EventPipeline pipeline;

    LivePartitionHandler(TopicPartition partition, EventPipeline pipeline) {
        this.partition = partition;
        this.pipeline = pipeline;
    }

    @Override
    public TopicPartition partition() {
        return partition;
    }

    @Override
    public Step handle(ConsumerRecord<byte[], byte[]> record) {
        // the ownership time: the timestamp, or the time fixed for an implausibly future-dated record
        Instant time = pipeline.ownership().eventTime(record);
        Optional<Decision> byTime = pipeline.ownership().decideByTime(time);
        if (byTime.isPresent()) {
            switch (byTime.get()) {
                case UNDECIDED -> {
                    return new Step.WaitingForRoutes(time);
                }
                case NOT_OWNED -> {
                    return pipeline.skipNotOwned(record);
                }
                case OWNED -> {
                    return owned(record, pipeline.decode(record));
                }
                default -> {
                    // decided by the cohort below
                }
            }
        }
        Decision byCohort = decideByCohort(record, time);
        if (byCohort != null) {
            switch (byCohort) {
                case UNDECIDED -> {
                    return new Step.WaitingForRoutes(time);
                }
                case NOT_OWNED -> {
                    return pipeline.skipNotOwned(record);
                }
                case OWNED -> {
                    return owned(record, pipeline.decode(record));
                }
                default -> {
                    // unrouted: decoded in full below, for the dead letter's detail
                }
            }
        }
        return decided(record, pipeline.decode(record));
    }

    /**
     * The owner by the cohort read without decoding the payload: compared byte by byte with the ids of
     * the routes in force when they are few and no ramp is (issue 12), else projected; {@code null} when
     * the record cannot be read so (the full decode decides).
     */
    private Decision decideByCohort(ConsumerRecord<byte[], byte[]> record, Instant time) {
        Optional<CohortKeys> keys = pipeline.ownership().cohortKeys();
        if (keys.isPresent()) {
            Cohort cohort = pipeline.peekCohort(record, keys.get());
            if (cohort == null) {
                return null;
            }
            Optional<Decision> decision = pipeline.ownership().decideCanonical(cohort, keys.get(), time);
            if (decision.isPresent()) {
                return decision.get();
            }
            // the route history changed since the keys were taken: read the whole cohort
        }
        EventDecoder.Peeked peeked = pipeline.peek(record);
        return peeked == null ? null : pipeline.ownership().decide(peeked.cohort(), time);
    }

    /** A record this version owns by its time or by its peeked cohort. */
    private Step owned(ConsumerRecord<byte[], byte[]> record, DecodeResult decoded) {
        if (decoded instanceof DecodeResult.Rejected rejected) {
            if (rejected.reason() == DlqReason.UNWRITABLE || pipeline.peek(record) != null) {
                // every version read it as this version's event: none other dead-letters it
                return pipeline.reject(record, rejected, Optional.empty());
            }
            return notAnEvent(record, rejected);
        }
        return process(record, ((DecodeResult.Decoded) decoded).event());
    }

    /** A record decoded in full before its owner was known. */
    private Step decided(ConsumerRecord<byte[], byte[]> record, DecodeResult decoded) {
        if (decoded instanceof DecodeResult.Rejected rejected) {
            if (rejected.reason() == DlqReason.UNWRITABLE) {
                return pipeline.reject(record, rejected, Optional.empty());
            }
            return notAnEvent(record, rejected);
        }
        Event event = ((DecodeResult.Decoded) decoded).event();
        Instant time = pipeline.ownership().eventTime(record);
        switch (pipeline.ownership().decide(event.cohort(), time)) {
            case UNDECIDED -> {
                return new Step.WaitingForRoutes(time);
            }
            case NOT_OWNED -> {
                return pipeline.skipNotOwned(record);
            }
            case UNROUTED -> {
                return pipeline.unroutable(record, event);
            }
            default -> {
                return process(record, event);
            }
        }
    }

    /** Not an event: no version owns it, and one version dead-letters it on behalf of none. */
    private Step notAnEvent(ConsumerRecord<byte[], byte[]> record, DecodeResult.Rejected rejected) {
        Instant time = pipeline.ownership().eventTime(record);
        switch (pipeline.ownership().reportsUnroutable(time)) {
            case UNDECIDED -> {
                return new Step.WaitingForRoutes(time);
            }
            case NOT_OWNED -> {
                return pipeline.skip(record, "unroutable-elsewhere");
            }
            default -> {
                return pipeline.reject(record, rejected, Optional.empty());
            }
        }
    }

    private Step process(ConsumerRecord<byte[], byte[]> record, Event event) {
        if (pipeline.isDuplicate(event)) {
            return pipeline.skipDuplicate(event, ProcessingMode.live());
        }
        return pipeline.process(record, event, ProcessingMode.live());
    }
}
