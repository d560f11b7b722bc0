package dev.rewind.engine.replay.internal;

import dev.rewind.engine.dlq.DlqReason;
import dev.rewind.engine.runtime.spi.DecodeResult;
import dev.rewind.engine.runtime.spi.EventDecoder;
import dev.rewind.engine.runtime.spi.EventPipeline;
import dev.rewind.engine.runtime.spi.EventState;
import dev.rewind.engine.runtime.spi.PartitionHandler;
import dev.rewind.engine.runtime.spi.Step;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.ProcessingMode;
import dev.rewind.protocol.control.ReplayProgress;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler of one partition that may be replaying: live handling (delegated) while
 * {@link PartitionPhase.Live live}; while {@link Replaying}, reprocesses the cohort's owned events of
 * the window in replay mode (rewinding each entity's state to {@code from} first, throttled by the
 * replay's rate limit) and skips every other record before the plan's end offset without calling the
 * processor, cheapest test first: the record timestamp against the window, then the cohort compared
 * with the selector's id {@linkplain EventDecoder#peekCohort byte by byte}, and only then a full
 * decode; from the end offset on, live again. Phase changes follow the transaction: an abort returns
 * to what was last committed. Consumer thread only.
 */
final class ReplayPartitionHandler implements PartitionHandler {

    private static final Logger LOGGER = LoggerFactory.getLogger(ReplayPartitionHandler.class);
    private static final String REPLAY_SKIP = "replay-skip";

    private final TopicPartition partition;
    private final PartitionHandler live;
    private final EventPipeline pipeline;
    private final EventState state;
    private final Clock clock;
    private final Consumer<TopicPartition> onClose;
    private PartitionPhase phase = PartitionPhase.live();
    /** The replay a not yet committed {@link Done} ended; an abort returns to it. */
    private Replaying endedUncommitted;
    private boolean finalStatusSent;

    ReplayPartitionHandler(TopicPartition partition, PartitionHandler live, EventPipeline pipeline, EventState state,
                           Clock clock, Consumer<TopicPartition> onClose) {
        this.partition = partition;
        this.live = live;
        this.pipeline = pipeline;
        this.state = state;
        this.clock = clock;
        this.onClose = onClose;
    }

    @Override
    public TopicPartition partition() {
        return partition;
    }

    PartitionPhase phase() {
        return phase;
    }

    /** Starts (or continues) a replay whose plan and start offset are committed. */
    void replay(Replaying replaying) {
        phase = replaying;
        endedUncommitted = null;
    }

    /** Ends the running replay (completed, cancelled or failed); its final status goes out with the next commit. */
    void end(Done done) {
        if (phase instanceof Replaying replaying) {
            endedUncommitted = replaying;
        }
        phase = done;
        finalStatusSent = false;
        LOGGER.atInfo().addKeyValue("replayId", done.finalStatus().replayId())
                .addKeyValue("topic", partition.topic()).addKeyValue("partition", partition.partition())
                .addKeyValue("offset", done.finalStatus().position()).addKeyValue("state", done.finalStatus().state())
                .log("Replay ended on partition");
    }

    @Override
    public Step handle(ConsumerRecord<byte[], byte[]> record) {
        if (!(phase instanceof Replaying replaying)) {
            return live.handle(record);
        }
        if (record.offset() >= replaying.plan().endOffset()) {
            end(replaying.complete(clock.instant()));
            return live.handle(record);
        }
        Step step = replay(replaying, record);
        if (step instanceof Step.Handled && phase == replaying && replaying.finished()) {
            end(replaying.complete(clock.instant()));
        }
        return step;
    }

    private Step replay(Replaying replaying, ConsumerRecord<byte[], byte[]> record) {
        // the event time is the record timestamp (or the ownership time fixed for an implausibly
        // future-dated record): outside the window, no need to decode
        Instant time = pipeline.ownership().eventTime(record);
        if (!replaying.inWindow(time.toEpochMilli())) {
            replaying.skipped(record.offset());
            return pipeline.skip(record, REPLAY_SKIP);
        }
        // an event of another cohort is skipped on its cohort compared with the selector's id byte by byte,
        // without decoding the payload (a record neither the matcher nor the projection can read goes on
        // to the full decode, which says what it is)
        if (!replaying.selectsEveryCohort()) {
            Cohort cohort = pipeline.peekCohort(record, replaying.cohortKeys());
            if (cohort != null && !replaying.selects(cohort)) {
                replaying.skipped(record.offset());
                return pipeline.skip(record, REPLAY_SKIP);
            }
        }
        DecodeResult decoded = pipeline.decode(record);
        if (decoded instanceof DecodeResult.Rejected rejected && rejected.reason() == DlqReason.UNWRITABLE) {
            // its replay's writes failed permanently: dead-letter it rather than retry forever
            replaying.errored(record.offset());
            return pipeline.reject(record, rejected, Optional.of(replaying.request().replayId()));
        }
        if (!(decoded instanceof DecodeResult.Decoded valid)) {
            if (replaying.selected(record.offset())) {
                // a redriven dead letter that still is no event: counted as errored; its entry stays
                replaying.errored(record.offset());
                return pipeline.skip(record, "redrive-undecodable");
            }
            // dead-lettered when it was first handled live; a replay does not do it again
            replaying.skipped(record.offset());
            return pipeline.skip(record, REPLAY_SKIP);
        }
        Event event = valid.event();
        Verdict verdict = replaying.verdict(record.offset(), event.cohort(), time,
                () -> pipeline.ownership().decide(event.cohort(), time));
        if (verdict == Verdict.WAIT_FOR_ROUTES) {
            return new Step.WaitingForRoutes(time);
        }
        if (verdict == Verdict.SKIP) {
            replaying.skipped(record.offset());
            return pipeline.skip(record, REPLAY_SKIP);
        }
        if (!replaying.limiter().tryAcquire()) {
            return new Step.Throttled(replaying.limiter().nanosUntilAvailable());
        }
        return reprocess(replaying, record, event);
    }

    private Step reprocess(Replaying replaying, ConsumerRecord<byte[], byte[]> record, Event event) {
        var request = replaying.request();
        if (replaying.firstTouch(event.key())) {
            state.forgetFrom(event, request.window().from());
        }
        Step step = pipeline.process(record, event, ProcessingMode.replay(request.replayId(),
                request.window().from(), request.window().to()));
        if (step.failed()) {
            replaying.errored(record.offset());
        } else {
            replaying.reprocessed(record.offset());
        }
        if (step instanceof Step.Stopped) {
            end(replaying.fail(clock.instant(), "the error policy stopped the partition at offset "
                    + record.offset()));
        }
        return step;
    }

    /** The progress record due now, or the final status not yet sent; empty otherwise. */
    Optional<ReplayProgress> statusToSend(Instant now) {
        if (phase instanceof Replaying replaying) {
            return replaying.progressDue(now);
        }
        if (phase instanceof Done done && !finalStatusSent) {
            finalStatusSent = true;
            return Optional.of(done.finalStatus());
        }
        return Optional.empty();
    }

    @Override
    public void committed() {
        if (phase instanceof Replaying replaying) {
            replaying.mark();
        } else if (phase instanceof Done && finalStatusSent) {
            phase = PartitionPhase.live();
            endedUncommitted = null;
        }
        live.committed();
    }

    @Override
    public void aborted() {
        if (phase instanceof Done && endedUncommitted != null) {
            phase = endedUncommitted;
            endedUncommitted = null;
        } else if (phase instanceof Done) {
            finalStatusSent = false;
        }
        if (phase instanceof Replaying replaying) {
            replaying.rollback();
        }
        live.aborted();
    }

    @Override
    public void close() {
        live.close();
        onClose.accept(partition);
    }
}
