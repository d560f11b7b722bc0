package dev.rewind.engine.replay.internal;

import dev.rewind.engine.runtime.spi.BatchTransaction;
import dev.rewind.engine.runtime.spi.DecodeResult;
import dev.rewind.engine.runtime.spi.EventPipeline;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.Event;
import dev.rewind.protocol.control.ControlLog;
import dev.rewind.engine.replay.RateLimiter;
import dev.rewind.protocol.control.ReplayPlan;
import dev.rewind.protocol.control.StartReplay;
import dev.rewind.protocol.control.ReplayProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continues, on a newly assigned partition, a replay its previous owner left unfinished: the plan
 * and last progress are on the control log, the position is the committed offset. A cancelled one
 * is ended there, a finished one completed, a running one continued after re-learning which
 * entities it already rewound (their rewound state is committed: rewinding again would lose it).
 * Called in the rebalance callback, on the consumer thread.
 */
public final class ReplayResumer {

    private static final Logger LOGGER = LoggerFactory.getLogger(ReplayResumer.class);

    private final ComponentVersion version;
    private final String instanceId;
    private final ControlLog log;
    private final BatchTransaction transaction;
    private final Consumer<byte[], byte[]> consumer;
    private final EventPipeline pipeline;
    private final Function<StartReplay, RateLimiter> limiters;
    private final Supplier<Consumer<byte[], byte[]>> scanConsumers;
    private final Clock clock;

    public ReplayResumer(ComponentVersion version, String instanceId, ControlLog log, BatchTransaction transaction,
                  Consumer<byte[], byte[]> consumer, EventPipeline pipeline,
                  Function<StartReplay, RateLimiter> limiters, Supplier<Consumer<byte[], byte[]>> scanConsumers,
                  Clock clock) {
        this.version = version;
        this.instanceId = instanceId;
        this.log = log;
        this.transaction = transaction;
        this.consumer = consumer;
        this.pipeline = pipeline;
        this.limiters = limiters;
        this.scanConsumers = scanConsumers;
        this.clock = clock;
    }

    /** Puts the handler into the state of the partition's unfinished replay, if any. */
    void resume(ReplayPartitionHandler handler, List<StartReplay> requests) {
        TopicPartition partition = handler.partition();
        for (StartReplay request : requests) {
            Optional<ReplayPlan> plan = log.plan(request.replayId(), partition);
            Optional<ReplayProgress> last = log.progress(request.replayId(), partition);
            if (request.dryRun() || plan.isEmpty() || last.map(s -> s.state().isFinal()).orElse(false)) {
                continue;
            }
            long committed = consumer.position(partition);
            Replaying replaying = Replaying.resume(request, plan.get(), last, committed, instanceId,
                    limiters.apply(request));
            Instant now = clock.instant();
            handler.replay(replaying);
            if (log.isCancelled(request.replayId())) {
                transaction.commitOffset(partition, plan.get().endOffset(), committed);
                handler.end(replaying.cancel(now));
                consumer.seek(partition, plan.get().endOffset());
            } else if (replaying.finished()) {
                handler.end(replaying.complete(now));
            } else {
                relearnRewound(replaying, plan.get().startOffset(), replaying.position());
            }
            LOGGER.atInfo().addKeyValue("component", version.component()).addKeyValue("version", version.version())
                    .addKeyValue("replayId", request.replayId()).addKeyValue("topic", partition.topic())
                    .addKeyValue("partition", partition.partition()).addKeyValue("offset", committed)
                    .log("Continuing a replay left unfinished by the partition's previous owner");
            return;
        }
    }

    /** Reads {@code [from, until)} again, without processing, to mark the entities the replay rewound. */
    private void relearnRewound(Replaying replaying, long from, long until) {
        TopicPartition partition = replaying.plan().partition();
        try (Consumer<byte[], byte[]> scan = scanConsumers.get()) {
            scan.assign(List.of(partition));
            scan.seek(partition, from);
            while (scan.position(partition) < until) {
                for (ConsumerRecord<byte[], byte[]> record : scan.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= until) {
                        break;
                    }
                    if (pipeline.decode(record) instanceof DecodeResult.Decoded decoded) {
                        Event event = decoded.event();
                        Instant time = pipeline.ownership().eventTime(record);
                        Verdict verdict = replaying.verdict(record.offset(), event.cohort(), time,
                                () -> pipeline.ownership().decide(event.cohort(), time));
                        if (verdict == Verdict.REPROCESS) {
                            replaying.touched(event.key());
                        }
                    }
                }
            }
        }
    }
}
