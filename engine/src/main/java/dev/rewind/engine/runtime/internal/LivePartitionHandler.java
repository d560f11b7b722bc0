package dev.rewind.engine.runtime.internal;

import dev.rewind.engine.dlq.DlqReason;
import dev.rewind.engine.runtime.spi.DecodeResult;
import dev.rewind.engine.runtime.spi.EventPipeline;
import dev.rewind.engine.runtime.spi.PartitionHandler;
import dev.rewind.engine.runtime.spi.Step;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.ProcessingMode;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Live processing of one partition: decode, decide the owner (waiting when the event is newer than
 * the route history read), drop duplicates, process. What no version owns (a record that is not an
 * event, an event no route applies to) is dead-lettered by exactly one version, on behalf of none.
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
        DecodeResult decoded = pipeline.decode(record);
        if (decoded instanceof DecodeResult.Rejected rejected) {
            if (rejected.reason() == DlqReason.UNWRITABLE) {
                return pipeline.reject(record, rejected, Optional.empty());
            }
            // not an event: no version owns it, and one version dead-letters it on behalf of none
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
                if (pipeline.isDuplicate(event)) {
                    return pipeline.skipDuplicate(event, ProcessingMode.live());
                }
                return pipeline.process(record, event, ProcessingMode.live());
            }
        }
    }
}
