package dev.rewind.engine.shadow.internal;

import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.outcome.OutcomeTopics;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessingMode;
import dev.rewind.engine.processor.ProcessorInit;
import dev.rewind.engine.processor.ProcessorSupplier;
import dev.rewind.engine.replay.OutputComparison.Output;
import dev.rewind.engine.runtime.RewindHeaders;
import dev.rewind.engine.runtime.spi.ClientConfigs;
import dev.rewind.engine.runtime.spi.DecodeResult;
import dev.rewind.engine.runtime.spi.EventDecoder;
import dev.rewind.engine.runtime.spi.EventState;
import dev.rewind.engine.runtime.spi.ProcessorInvoker;
import dev.rewind.engine.shadow.ShadowSnapshot;
import dev.rewind.engine.shadow.ShadowState;
import dev.rewind.engine.state.StateSandbox;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.avro.OutcomeStatus;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.schemas.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shadow run's thread: one group-less {@code read_committed} consumer, assigned (never subscribed)
 * the source partitions (from the start time), {@code rewind.outcomes} and the owners' output topics (from
 * a lookback before it); the cohort's events go through the build's processor on a {@link StateSandbox},
 * the rest feed the {@link LiveJoin}. No producer exists here, and no offset is ever committed.
 */
public final class ShadowLoop implements Runnable {

    private static final Logger LOGGER = LoggerFactory.getLogger(ShadowLoop.class);
    /** Outcomes and outputs of an event are written after its time; this absorbs clock skew and lag. */
    private static final Duration LOOKBACK = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    private final EngineConfig config;
    private final ProcessorSupplier processors;
    private final ShadowSettings settings;
    private final Consumer<ShadowSnapshot> listener;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final Set<String> outputTopics = new HashSet<>();
    private final LiveJoin join;
    private volatile boolean stopRequested;
    private volatile ShadowSnapshot latest;
    private Instant start;
    private String stateFrom;

    /**
     * @param config the build's engine settings (component, version = the build's name, source topics,
     *     clients, registry)
     * @param listener receives a snapshot every report interval and the final one; called on the loop's thread
     */
    public ShadowLoop(EngineConfig config, ProcessorSupplier processors, ShadowSettings settings,
            Consumer<ShadowSnapshot> listener) {
        this.config = config;
        this.processors = processors;
        this.settings = settings;
        this.listener = listener;
        this.join = new LiveJoin(settings.settleTimeout());
        this.start = settings.from() == null ? settings.clock().instant() : settings.from();
        this.latest = snapshot(ShadowState.RUNNING, null);
    }

    /** Asks the loop to stop after its current poll. */
    public void stop() {
        stopRequested = true;
    }

    /** The latest snapshot (thread-safe). */
    public ShadowSnapshot latest() {
        return latest;
    }

    @Override
    public void run() {
        ShadowSnapshot last;
        try {
            runLoop();
            last = snapshot(ShadowState.STOPPED, null);
        } catch (Exception | LinkageError e) {
            LOGGER.atWarn().setCause(e).addKeyValue("component", config.component())
                    .addKeyValue("version", config.version()).log("Shadow run failed");
            last = snapshot(ShadowState.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        publish(last);
    }

    private void runLoop() throws Exception {
        stateFrom = settings.stateFrom() != null ? settings.stateFrom()
                : OwnerAtStart.resolve(config, settings.cohort(), start);
        ComponentVersion build = new ComponentVersion(config.component(), config.version());
        Map<String, Object> serde = new HashMap<>(config.registryClientConfig());
        serde.put("auto.register.schemas", false);
        Map<String, Object> specific = new HashMap<>(serde);
        specific.put("specific.avro.reader", true);
        Map<String, Object> consumerConfig = new HashMap<>(ClientConfigs.restoreConsumer(config));
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "-shadow-" + UUID.randomUUID());
        try (AvroDeserializer deserializer = new AvroDeserializer();
             AvroDeserializer outcomes = new AvroDeserializer();
             AvroSerializer serializer = new AvroSerializer();
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
            deserializer.configure(serde, false);
            outcomes.configure(specific, false);
            serializer.configure(serde, false);
            List<TopicPartition> sources = new ArrayList<>();
            config.sourceTopics().forEach(topic -> sources.addAll(partitionsOf(consumer, topic)));
            Map<TopicPartition, Long> starts = assign(consumer, sources, start);
            starts.forEach((tp, position) -> join.passed(source(tp), position));
            assign(consumer, partitionsOf(consumer, OutcomeTopics.OUTCOMES), start.minus(LOOKBACK));
            // the state as of the start holds every event before it only once the owner has committed them
            OwnerProgress.await(config, stateFrom, starts, settings.settleTimeout());
            try (StateSandbox sandbox = StateSandbox.of(settings.sandboxParent(),
                         new ComponentVersion(config.component(), stateFrom), ClientConfigs.reader(config, "shadow"),
                         start);
                 EventProcessor processor = processors.get()) {
                processor.init(new ProcessorInit(build, config.processorSettings()));
                ProcessorInvoker invoker = new ProcessorInvoker(build, processor, EventState.sandboxed(sandbox));
                loop(consumer, new EventDecoder(deserializer), invoker, serializer, deserializer, outcomes);
            }
        }
    }

    private void loop(KafkaConsumer<byte[], byte[]> consumer, EventDecoder decoder, ProcessorInvoker invoker,
            AvroSerializer serializer, AvroDeserializer deserializer, AvroDeserializer outcomes) {
        LOGGER.atInfo().addKeyValue("component", config.component()).addKeyValue("version", config.version())
                .addKeyValue("cohort", settings.cohort()).addKeyValue("from", start)
                .addKeyValue("stateFrom", stateFrom).log("Shadow run started");
        Instant reported = Instant.MIN;
        while (!stopRequested) {
            Map<TopicPartition, Long> read = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                Instant now = settings.clock().instant();
                if (config.sourceTopics().contains(record.topic())) {
                    shadow(record, decoder, invoker, serializer, deserializer, consumer, now);
                    read.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                } else if (OutcomeTopics.OUTCOMES.equals(record.topic())) {
                    outcome(record, outcomes, consumer, now);
                } else {
                    output(record, deserializer, now);
                }
            }
            read.forEach((tp, position) -> join.passed(source(tp), position));
            Instant now = settings.clock().instant();
            join.settle(now);
            if (!now.isBefore(reported.plus(settings.reportInterval()))) {
                reported = now;
                publish(snapshot(ShadowState.RUNNING, null));
            }
        }
    }

    private void shadow(ConsumerRecord<byte[], byte[]> record, EventDecoder decoder, ProcessorInvoker invoker,
            AvroSerializer serializer, AvroDeserializer deserializer, KafkaConsumer<byte[], byte[]> consumer,
            Instant now) {
        if (decoder.decode(record) instanceof DecodeResult.Decoded decoded
                && settings.cohort().matches(decoded.event().cohort())) {
            ProcessorInvoker.Invocation invocation = invoker.invoke(decoded.event(), ProcessingMode.live());
            if (!invocation.failed()) {
                invoker.keep();
            }
            List<Output> outputs = new ArrayList<>();
            invocation.outputs().forEach(e -> {
                outputs.add(Output.emitted(e, serializer, deserializer));
                watchOutputs(consumer, e.topic());
            });
            join.shadowed(decoded.event().eventId().value(), outputs, invocation.failed(), now);
        }
    }

    private void outcome(ConsumerRecord<byte[], byte[]> record, AvroDeserializer outcomes,
            KafkaConsumer<byte[], byte[]> consumer, Instant now) {
        Object value;
        try {
            value = record.value() == null ? null : outcomes.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            return; // not an outcome rewind wrote: nothing to compare with
        }
        if (value instanceof Outcome o && o.getComponent().equals(config.component()) && o.getReplayId() == null
                && o.getStatus() != OutcomeStatus.SKIPPED_DUP && settings.cohort().matches(
                        dev.rewind.engine.processor.Cohort.of(o.getCohort().getCustomer(), o.getCohort().getPlan(),
                                o.getCohort().getProject()))) {
            o.getOutputs().forEach(ref -> watchOutputs(consumer, ref.getTopic()));
            join.outcome(o.getEventId(), new LiveJoin.OwnerOutcome(o.getVersion(), o.getStatus() == OutcomeStatus.OK,
                    o.getOutputs().size(), new LiveJoin.SourcePartition(o.getSourceTopic(), o.getSourcePartition()),
                    o.getSourceOffset()), now);
        }
    }

    private void output(ConsumerRecord<byte[], byte[]> record, AvroDeserializer deserializer, Instant now) {
        String eventId = header(record, RewindHeaders.EVENT_ID);
        String version = header(record, RewindHeaders.VERSION);
        if (eventId != null && version != null && header(record, RewindHeaders.REPLAY_ID) == null) {
            join.output(new LiveJoin.Produced(eventId, version),
                    Output.committed(record.topic(), record.key(), record.value(), deserializer), now);
        }
    }

    /** Starts reading an output topic (from the lookback) the first time it is named. */
    private void watchOutputs(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        if (outputTopics.add(topic)) {
            assign(consumer, partitionsOf(consumer, topic), start.minus(LOOKBACK));
        }
    }

    /**
     * Adds partitions to the assignment, each positioned at its first offset at or after {@code since}.
     *
     * @return the positions
     */
    private Map<TopicPartition, Long> assign(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
            Instant since) {
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(p -> times.put(p, since.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times, METADATA_TIMEOUT);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, METADATA_TIMEOUT);
        assigned.addAll(partitions);
        consumer.assign(List.copyOf(assigned));
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp at = starts.get(partition);
            long position = at == null ? ends.get(partition) : at.offset();
            consumer.seek(partition, position);
            positions.put(partition, position);
        }
        return positions;
    }

    private static LiveJoin.SourcePartition source(TopicPartition partition) {
        return new LiveJoin.SourcePartition(partition.topic(), partition.partition());
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic, METADATA_TIMEOUT).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private ShadowSnapshot snapshot(ShadowState state, String message) {
        LiveJoin.Counts c = join.counts();
        return new ShadowSnapshot(config.component(), config.version(), settings.cohort().toString(), start,
                settings.startedAt(), stateFrom, state, c.events(), c.compared(), c.pending(), c.unmatched(),
                c.same(), c.changed(), c.added(), c.missing(), c.shadowErrors(), c.ownerErrors(), c.owners(),
                c.sample(), message, settings.clock().instant());
    }

    private void publish(ShadowSnapshot snapshot) {
        latest = snapshot;
        try {
            listener.accept(snapshot);
        } catch (RuntimeException e) {
            // a listener's failure (e.g. the service unreachable for a moment) must not stop the run
            LOGGER.atWarn().setCause(e).log("Shadow run listener failed");
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
