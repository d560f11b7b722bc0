package dev.rewind.engine.replay;

import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ProcessorSupplier;
import dev.rewind.engine.replay.internal.DryRunner;
import dev.rewind.engine.replay.internal.ReplayCoordinator;
import dev.rewind.engine.replay.internal.ReplayResumer;
import dev.rewind.engine.runtime.spi.BatchTransaction;
import dev.rewind.engine.runtime.spi.ClientConfigs;
import dev.rewind.engine.runtime.spi.EventPipeline;
import dev.rewind.engine.runtime.spi.EventState;
import dev.rewind.engine.runtime.spi.LoopExtension;
import dev.rewind.engine.runtime.spi.PartitionHandler;
import dev.rewind.engine.runtime.spi.PartitionListener;
import dev.rewind.protocol.control.ControlLog;
import dev.rewind.protocol.control.ControlRecords;
import dev.rewind.protocol.control.StartReplay;
import dev.rewind.protocol.topics.RewindTopics;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The replay feature as the runtime plugs it into its loop: follows {@code rewind.control}, wraps
 * each assigned partition's live handler in one that can replay, plans, progresses and finishes
 * replays at the loop's fixed points, and starts dry runs on their own processor instances. Built
 * once per runtime instance; consumer thread only, except {@link #close()}.
 */
public final class Replays implements LoopExtension, PartitionListener, AutoCloseable {

    private final ControlLog controlLog;
    private final ReplayCoordinator coordinator;

    private Replays(ControlLog controlLog, ReplayCoordinator coordinator) {
        this.controlLog = controlLog;
        this.coordinator = coordinator;
    }

    /**
     * Starts following the control log and builds the replay machinery of one runtime instance.
     *
     * @param consumer the loop's consumer (positions, offset look-ups)
     * @param routeMargin the route timing margin: a command is taken once routes up to its time plus this are read
     * @param sandboxProcessors where each dry run gets its own processor
     */
    public static Replays start(EngineConfig config, ComponentVersion version, KafkaConsumer<byte[], byte[]> consumer,
                                BatchTransaction transaction, EventPipeline pipeline, EventState state,
                                Duration routeMargin, ProcessorSupplier sandboxProcessors, Clock clock) {
        ControlLog controlLog = ControlLog.start(new ControlLog.Options(ClientConfigs.reader(config, "control-log"),
                ControlRecords.deserializer(config.registryClientConfig()), RewindTopics.CONTROL));
        Function<StartReplay, RateLimiter> limiters = request -> request.maxEventsPerSecond().isPresent()
                ? RateLimiter.forRate(request.maxEventsPerSecond())
                : config.replayMaxEventsPerSecond() > 0 ? RateLimiter.of(config.replayMaxEventsPerSecond())
                : RateLimiter.unlimited();
        ReplayResumer resumer = new ReplayResumer(version, config.instanceId(), controlLog, transaction,
                consumer, pipeline, limiters, () -> new KafkaConsumer<>(ClientConfigs.restoreConsumer(config)),
                clock);
        return new Replays(controlLog, new ReplayCoordinator(new ReplayCoordinator.Services(version,
                config.instanceId(), controlLog, ControlRecords.forRegistry(config.registryClientConfig()), transaction,
                pipeline, state, routeMargin, clock, resumer, limiters,
                new TopicPartition(config.sourceTopics().stream().sorted().findFirst().orElseThrow(), 0),
                request -> new DryRunner(config, version, request, sandboxProcessors, state,
                        pipeline.ownership()::fixedEventTime, clock))));
    }

    /** The handler of a newly assigned partition: {@code live}, able to replay, continuing an unfinished replay. */
    public PartitionHandler handlerFor(TopicPartition partition, PartitionHandler live) {
        return coordinator.handlerFor(partition, live);
    }

    @Override
    public void assigned(Collection<TopicPartition> partitions) {
        coordinator.assigned(partitions);
    }

    @Override
    public void removed(Collection<TopicPartition> partitions) {
        coordinator.removed(partitions);
    }

    @Override
    public void afterHandle(Control control) {
        // a version that no longer reads its replay commands must not look healthy
        controlLog.requireNotDenied();
        coordinator.afterHandle(control);
    }

    @Override
    public void beforeCommit() {
        coordinator.beforeCommit();
    }

    /** Stops following the control log. */
    @Override
    public void close() {
        controlLog.close();
    }
}
