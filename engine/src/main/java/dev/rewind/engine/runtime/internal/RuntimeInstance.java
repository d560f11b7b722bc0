package dev.rewind.engine.runtime.internal;

import dev.rewind.clients.acl.KafkaAccessDenied;
import dev.rewind.engine.runtime.spi.BatchTransaction;
import dev.rewind.engine.runtime.spi.ClientConfigs;
import dev.rewind.engine.runtime.spi.EventDecoder;
import dev.rewind.engine.runtime.spi.EventPipeline;
import dev.rewind.engine.runtime.spi.EventState;
import dev.rewind.engine.runtime.spi.OwnershipCheck;
import dev.rewind.engine.runtime.spi.PartitionListener;
import dev.rewind.engine.runtime.spi.ProcessorInvoker;
import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.dlq.DlqEntryFactory;
import dev.rewind.engine.metrics.EngineMetrics;
import dev.rewind.engine.metrics.ProcessedTally;
import dev.rewind.engine.outcome.OutcomeFactory;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.replay.Replays;
import dev.rewind.engine.state.EntityStates;
import dev.rewind.engine.state.StateDirectoryLockedException;
import dev.rewind.engine.state.StateStores;
import dev.rewind.protocol.control.ControlRecords;
import dev.rewind.protocol.control.VersionInstance;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.schemas.serde.AvroSerializer;
import dev.rewind.schemas.serde.AvroSerdeConfig;
import dev.rewind.schemas.serde.CohortMatcher;
import dev.rewind.schemas.serde.EventProjection;
import dev.rewind.schemas.registry.RegistryAccess;
import dev.rewind.schemas.registry.SchemaRegistryClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance of a component version: builds the clients, stores and pipeline from the
 * configuration, runs the consumer loop on the calling thread until {@link #stop()}, then releases
 * everything. Used by {@code ComponentRuntime}, which owns the thread.
 */
public final class RuntimeInstance {

    private static final Logger LOGGER = LoggerFactory.getLogger(RuntimeInstance.class);

    private final EngineConfig config;
    private final ComponentVersion componentVersion;
    private final EventProcessor processor;
    private final ProcessorInstances sandboxProcessors;
    private final EngineMetrics metrics;
    private final Clock clock;
    private final InstanceHealth health;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private volatile ConsumerLoop loop;
    private volatile boolean stopRequested;

    /**
     * An instance processing live with {@code processor} (initialised) whose dry runs take new
     * processors from {@code sandboxProcessors}, reporting its progress to {@code health}.
     */
    public RuntimeInstance(EngineConfig config, EventProcessor processor,
                           ProcessorInstances sandboxProcessors, EngineMetrics metrics, Clock clock,
                           InstanceHealth health) {
        this.health = health;
        this.sandboxProcessors = sandboxProcessors;
        this.config = config;
        this.componentVersion = new ComponentVersion(config.component(), config.version());
        this.processor = processor;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Builds everything and runs the loop until {@link #stop()}; always releases what it built.
     *
     * @param onRunning called once the loop has subscribed
     * @throws RuntimeException if start-up fails or the instance is fenced
     */
    public void run(Runnable onRunning) {
        try {
            ConsumerLoop built = build(onRunning);
            loop = built;
            if (stopRequested) {
                return;
            }
            LOGGER.atInfo().addKeyValue("component", componentVersion.component())
                    .addKeyValue("version", componentVersion.version())
                    .addKeyValue("instanceId", config.instanceId()).log("Component version starting");
            built.run();
        } catch (RuntimeException e) {
            // start-up steps (topic checks, logs, producers) report Kafka's bare denial: name the ACL
            throw KafkaAccessDenied.explain(e, ClientConfigs.access(config));
        } finally {
            closeAll();
        }
    }

    /** Asks the loop to commit its batch and return; callable from any thread. */
    public void stop() {
        stopRequested = true;
        ConsumerLoop current = loop;
        if (current != null) {
            current.stop();
        }
    }

    private ConsumerLoop build(Runnable onRunning) {
        int changelogPartitions;
        try (Admin admin = Admin.create(ClientConfigs.admin(config))) {
            changelogPartitions = TopicSetup.ensure(admin, config);
        }
        // A directory of its own per run for what is rebuilt on assignment anyway (dedupe copies), since
        // a hung predecessor with the same instance id may still hold RocksDB locks. Directories that
        // runs killed without cleaning up left behind are deleted here (see RunDirectories).
        Path instanceDirectory = config.stateDir().resolve(config.groupId()).resolve(config.instanceId());
        RunDirectories.Run run = RunDirectories.create(instanceDirectory);
        resources.add(run);
        Path runDirectory = run.directory();
        Map<String, Object> serdeConfig = new HashMap<>(config.registryClientConfig());
        serdeConfig.put("auto.register.schemas", true);
        // one registry client (one schema cache) for writing, decoding and projecting
        SchemaRegistryClient registry = new AvroSerdeConfig(serdeConfig).createRegistryClient();
        RegistryAccess.verify(registry, config.schemaRegistryUrl());
        Serializer<Object> serializer = track(new AvroSerializer(registry, serdeConfig, false));
        Deserializer<Object> deserializer = track(new AvroDeserializer(registry, serdeConfig, false));
        EventProjection projection = new EventProjection(registry);
        CohortMatcher matcher = new CohortMatcher(registry);

        // closed by the loop, which must still handle the revocation its close triggers
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(ClientConfigs.consumer(config));
        BatchTransaction transaction = new BatchTransaction(
                () -> new KafkaProducer<>(ClientConfigs.producer(config)), clock);
        resources.add(() -> transaction.closeProducer(Duration.ofSeconds(5)));

        DedupeStore dedupe = null;
        List<PartitionListener> listeners = new ArrayList<>();
        if (!config.dedupeWindow().isZero()) {
            // a directory of its own per run: the copy is rebuilt from the changelog on assignment anyway,
            // and a hung predecessor with the same instance id may still hold its RocksDB lock
            dedupe = track(new DedupeStore(runDirectory.resolve("dedupe"), config.dedupeWindow(),
                    TopicSetup.dedupeChangelog(config), changelogPartitions));
            transaction.register(dedupe);
            listeners.add(dedupeListener(dedupe));
        }
        OwnershipCheck ownership = Ownerships.create(config, componentVersion, resources, health, clock,
                metrics::ownershipTimeFixed);
        StateStores stateStores = track(openStateStores(instanceDirectory.resolve("state"),
                runDirectory.resolve("state")));
        StateParticipant state = new StateParticipant(track(new EntityStates(stateStores, componentVersion,
                ClientConfigs.reader(config, "changelog"))));
        transaction.register(state);
        listeners.add(state);
        RecordWriter writer = new RecordWriter(componentVersion, serializer, transaction, maxRequestSize());
        OutcomeFactory outcomes = new OutcomeFactory(componentVersion, config.instanceId(), clock);
        ProcessedTally processed = new ProcessedTally(metrics);
        EventRecorder recorder = new EventRecorder(writer, outcomes, transaction, metrics, processed, clock);
        EventPipeline pipeline = new EventPipeline(new EventDecoder(deserializer, projection, matcher), ownership,
                new Deduplication(Optional.ofNullable(dedupe)), new ProcessorInvoker(componentVersion, processor, state),
                recorder, new DeadLetters(writer, new DlqEntryFactory(componentVersion, clock), outcomes, transaction,
                        metrics, processed, config.errorPolicy()));
        Replays replays = track(Replays.start(config, componentVersion, consumer, transaction, pipeline, state,
                Ownerships.timing(config).margin(), sandboxProcessors, clock));
        listeners.add(replays);
        PartitionHandlers handlers = new PartitionHandlers(
                tp -> replays.handlerFor(tp, new LivePartitionHandler(tp, pipeline)));
        for (PartitionHandlers.PauseReason reason : PartitionHandlers.PauseReason.values()) {
            metrics.pausedPartitions(reason.tag(), () -> handlers.paused(reason));
        }
        resources.add(handlers::closeAll);
        PauseReporter pauses = track(new PauseReporter(new VersionInstance(componentVersion, config.instanceId()),
                handlers::pausedPartitions, new KafkaProducer<>(ClientConfigs.reportProducer(config),
                        new ByteArraySerializer(), new ByteArraySerializer()),
                ControlRecords.forRegistry(config.registryClientConfig()), clock));
        ConsumerLoop.Settings settings = new ConsumerLoop.Settings(config.sourceTopics(), config.maxBatchSize(),
                config.commitInterval(), Duration.ofMillis(Math.min(100, config.commitInterval().toMillis())),
                ClientConfigs.access(config));
        return new ConsumerLoop(consumer, transaction, handlers, ownership, listeners, settings,
                loopEvents(onRunning, pauses, recorder), replays);
    }

    /**
     * The entity state stores in the instance's own directory, kept across runs so that a restart
     * restores only the changelog after each store's checkpoint; in the run's directory (restored in
     * full) while a hung predecessor of this instance still holds it.
     */
    private static StateStores openStateStores(Path kept, Path ofThisRun) {
        try {
            return StateStores.create(StateStores.Options.in(kept));
        } catch (StateDirectoryLockedException e) {
            LOGGER.atWarn().addKeyValue("directory", kept).log("State directory held by another run of this"
                    + " instance; using a fresh one, restored from the changelogs in full");
            return StateStores.create(StateStores.Options.in(ofThisRun));
        }
    }

    /** The producer's {@code max.request.size}, as configured or Kafka's default. */
    private int maxRequestSize() {
        Object configured = ClientConfigs.producer(config).get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        return configured == null ? RecordWriter.DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(configured.toString());
    }

    private ConsumerLoop.LoopEvents loopEvents(Runnable onRunning, PauseReporter pauses, EventRecorder recorder) {
        return new ConsumerLoop.LoopEvents() {
                    @Override
                    public void running() {
                        health.subscribed();
                        onRunning.run();
                    }

                    @Override
                    public void polled() {
                        health.polled();
                        pauses.check();
                    }

                    @Override
                    public void handled() {
                        recorder.flushMetrics();
                    }

                    @Override
                    public void restoring(Collection<TopicPartition> partitions) {
                        health.restoring(partitions);
                    }

                    @Override
                    public void restored() {
                        health.restored();
                    }

                    @Override
                    public void lag(TopicPartition partition, long lag) {
                        metrics.consumerLag(partition.topic(), partition.partition(), lag);
                    }
                };
    }

    private PartitionListener dedupeListener(DedupeStore dedupe) {
        DedupeRestorer restorer = new DedupeRestorer(
                track(new KafkaConsumer<>(ClientConfigs.restoreConsumer(config))), dedupe);
        return new PartitionListener() {
            @Override
            public void assigned(Collection<TopicPartition> partitions) {
                restorer.restore(partitions);
            }

            @Override
            public void removed(Collection<TopicPartition> partitions) {
                partitions.forEach(dedupe::forget);
            }
        };
    }

    private <T> T track(T resource) {
        if (resource instanceof AutoCloseable closeable) {
            resources.add(closeable);
        }
        return resource;
    }

    private void closeAll() {
        // Reverse order: the loop's users go before what they use.
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOGGER.atWarn().setCause(e).log("Closing a runtime resource failed");
            }
        }
        resources.clear();
    }
}
