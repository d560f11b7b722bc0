package dev.rewind.engine.replay.internal;

import dev.rewind.engine.runtime.spi.ClientConfigs;
import dev.rewind.engine.runtime.spi.DecodeResult;
import dev.rewind.engine.runtime.spi.EventDecoder;
import dev.rewind.engine.runtime.spi.EventState;
import dev.rewind.engine.runtime.spi.ProcessorInvoker;
import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.outcome.OutcomeTopics;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessingMode;
import dev.rewind.engine.processor.ProcessorInit;
import dev.rewind.engine.processor.ProcessorSupplier;
import dev.rewind.protocol.control.ControlRecords;
import dev.rewind.protocol.control.DryRunReport;
import dev.rewind.protocol.control.StartReplay;
import dev.rewind.engine.replay.OutputComparison;
import dev.rewind.engine.replay.OutputComparison.Output;
import dev.rewind.engine.runtime.RewindHeaders;
import dev.rewind.schemas.avro.DryRunResult;
import dev.rewind.schemas.avro.DryRunState;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.avro.OutcomeStatus;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.schemas.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a dry-run replay in a sandbox and publishes what it found as a {@link DryRunResult}
 * ({@code dryrun/<replayId>} on {@code rewind.control}).
 *
 * <p>The sandbox is a fresh processor instance fed by its own group-less consumer over the window's
 * offsets of every source partition, with a throwaway view of entity state as of {@code from}; its
 * outputs are captured, never sent, and nothing is committed. Every event of the cohort in the
 * window is run, as a replay would once it moved the window to this version. The outputs are
 * compared with the committed outputs of the latest successful processing of each event (found
 * through its outcome and the outputs' {@code rewind.event-id} header), read {@code read_committed}.
 * Runs on its own thread.
 */
public final class DryRunner implements Runnable {

    private static final Logger LOGGER = LoggerFactory.getLogger(DryRunner.class);
    /** Outputs and outcomes of an event are written after its time; this absorbs clock skew. */
    private static final Duration LOOKBACK = Duration.ofMinutes(5);

    private final EngineConfig config;
    private final ComponentVersion version;
    private final StartReplay request;
    private final ProcessorSupplier processors;
    private final EventState state;
    private final java.util.function.Function<ConsumerRecord<byte[], byte[]>, Instant> eventTimes;
    private final Clock clock;

    /**
     * @param eventTimes the time at which windows treat a record: its timestamp or its fixed ownership
     *     time (read-only, callable from the dry run's thread)
     */
    public DryRunner(EngineConfig config, ComponentVersion version, StartReplay request,
                     ProcessorSupplier processors, EventState state,
                     java.util.function.Function<ConsumerRecord<byte[], byte[]>, Instant> eventTimes, Clock clock) {
        this.config = config;
        this.version = version;
        this.request = request;
        this.processors = processors;
        this.state = state;
        this.eventTimes = eventTimes;
        this.clock = clock;
    }

    @Override
    public void run() {
        DryRunResult result;
        try {
            result = compare();
        } catch (Exception | LinkageError e) {
            LOGGER.atWarn().setCause(e).addKeyValue("replayId", request.replayId()).log("Dry run failed");
            result = result(new OutputComparison(), 0, DryRunState.FAILED, e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
        publish(result);
    }

    private DryRunResult compare() throws Exception {
        Map<String, Object> serde = new HashMap<>(config.registryClientConfig());
        serde.put("auto.register.schemas", false);
        try (EventProcessor processor = processors.get();
             AvroDeserializer deserializer = new AvroDeserializer();
             AvroSerializer serializer = new AvroSerializer();
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(ClientConfigs.restoreConsumer(config))) {
            deserializer.configure(serde, false);
            serializer.configure(serde, false);
            processor.init(new ProcessorInit(version, config.processorSettings()));
            ProcessorInvoker sandbox = new ProcessorInvoker(version, processor,
                    // a redrive runs at the version's current state, a replay at the state as of from
                    state.sandboxAsOf(request.isRedrive() ? request.requestedAt() : request.window().from()));
            EventDecoder decoder = new EventDecoder(deserializer);
            Map<String, List<Output>> actual = new LinkedHashMap<>();
            int[] errored = new int[1];
            ProcessingMode mode = ProcessingMode.replay(request.replayId(), request.window().from(),
                    request.window().to());
            read(consumer, sourcePartitions(consumer), request.window().from(), record -> {
                if (decoder.decode(record) instanceof DecodeResult.Decoded decoded
                        && inScope(record, decoded.event(), eventTimes.apply(record))) {
                    ProcessorInvoker.Invocation invocation = sandbox.invoke(decoded.event(), mode);
                    if (invocation.failed()) {
                        errored[0]++;
                    } else {
                        sandbox.keep();
                    }
                    List<Output> outputs = new ArrayList<>();
                    invocation.outputs().forEach(e -> outputs.add(Output.emitted(e, serializer, deserializer)));
                    actual.put(decoded.event().eventId().value(), outputs);
                }
            });
            Map<String, List<Output>> expected = committedOutputs(consumer, deserializer, actual);
            OutputComparison comparison = new OutputComparison();
            actual.forEach((eventId, outputs) -> comparison.add(eventId,
                    expected.getOrDefault(eventId, List.of()), outputs));
            return result(comparison, errored[0], DryRunState.COMPLETED, null);
        }
    }

    private boolean inScope(ConsumerRecord<byte[], byte[]> record, Event event, Instant time) {
        if (request.isRedrive()) {
            return request.events().orElseThrow()
                    .contains(new TopicPartition(record.topic(), record.partition()), record.offset());
        }
        return request.selector().matches(event.cohort()) && request.window().contains(time);
    }

    private List<TopicPartition> sourcePartitions(KafkaConsumer<byte[], byte[]> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : config.sourceTopics()) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        return partitions;
    }

    /** The committed outputs of each event's latest successful processing. */
    private Map<String, List<Output>> committedOutputs(KafkaConsumer<byte[], byte[]> consumer,
            AvroDeserializer deserializer, Map<String, List<Output>> actual) {
        Map<String, Outcome> latest = new HashMap<>();
        Instant since = request.window().from().minus(LOOKBACK);
        AvroDeserializer outcomes = new AvroDeserializer();
        Map<String, Object> outcomeSerde = new HashMap<>(config.registryClientConfig());
        outcomeSerde.put("specific.avro.reader", true);
        outcomes.configure(outcomeSerde, false);
        read(consumer, partitionsOf(consumer, OutcomeTopics.OUTCOMES), since, record -> {
            Object value = record.value() == null ? null : outcomes.deserialize(record.topic(), record.value());
            if (value instanceof Outcome outcome && outcome.getComponent().equals(version.component())
                    && outcome.getStatus() == OutcomeStatus.OK && actual.containsKey(outcome.getEventId())) {
                latest.merge(outcome.getEventId(), outcome,
                        (a, b) -> b.getProcessedAt().isBefore(a.getProcessedAt()) ? a : b);
            }
        });
        outcomes.close();
        Set<String> topics = new HashSet<>();
        latest.values().forEach(o -> o.getOutputs().forEach(ref -> topics.add(ref.getTopic())));
        actual.values().forEach(list -> list.forEach(o -> topics.add(o.topic())));
        Map<String, List<Output>> expected = new HashMap<>();
        for (String topic : topics) {
            read(consumer, partitionsOf(consumer, topic), since, record -> {
                Outcome outcome = latest.get(header(record, RewindHeaders.EVENT_ID));
                if (outcome != null && outcome.getVersion().equals(header(record, RewindHeaders.VERSION))
                        && Objects.equals(outcome.getReplayId(), header(record, RewindHeaders.REPLAY_ID))) {
                    expected.computeIfAbsent(outcome.getEventId(), k -> new ArrayList<>())
                            .add(Output.committed(topic, record.key(), record.value(), deserializer));
                }
            });
        }
        return expected;
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /** Reads each partition from the first offset at or after {@code since} to its current end. */
    private static void read(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Instant since,
                             java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> action) {
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(p -> times.put(p, since.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times, Duration.ofSeconds(30));
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        consumer.assign(partitions);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp start = starts.get(partition);
            consumer.seek(partition, start == null ? ends.get(partition) : start.offset());
        }
        while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                    action.accept(record);
                }
            }
        }
    }

    private DryRunResult result(OutputComparison comparison, long errored, DryRunState state, String message) {
        return DryRunResult.newBuilder().setReplayId(request.replayId().value()).setComponent(version.component())
                .setVersion(version.version()).setSelector(request.selector().toString())
                .setFrom(request.window().from()).setTo(request.window().to()).setEvents(comparison.events())
                .setSame(comparison.same()).setChanged(comparison.changed()).setAdded(comparison.added())
                .setMissing(comparison.missing()).setErrored(errored).setSample(comparison.sample())
                .setState(state).setMessage(message).setCompletedAt(clock.instant())
                .setInstanceId(config.instanceId()).build();
    }

    private void publish(DryRunResult result) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(ClientConfigs.reportProducer(config),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(ControlRecords.forRegistry(config.registryClientConfig()).record(DryRunReport.fromAvro(result)));
            producer.flush();
        }
        LOGGER.atInfo().addKeyValue("replayId", request.replayId()).addKeyValue("events", result.getEvents())
                .addKeyValue("same", result.getSame()).addKeyValue("changed", result.getChanged())
                .addKeyValue("added", result.getAdded()).addKeyValue("missing", result.getMissing())
                .log("Dry run finished");
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : utf8(header.value());
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
