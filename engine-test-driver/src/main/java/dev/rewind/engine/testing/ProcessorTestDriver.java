package dev.rewind.engine.testing;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessingMode;
import dev.rewind.engine.processor.ProcessorInit;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.engine.state.PartitionStateStore;
import dev.rewind.engine.state.StateStores;
import dev.rewind.engine.runtime.spi.Emitted;
import dev.rewind.engine.runtime.spi.ProcessorInvoker;
import dev.rewind.engine.testing.internal.DriverState;
import java.io.OutputStream;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Runs an {@link EventProcessor} without a broker, the way the engine's runtime would, with the
 * runtime's own processor invoker and context: one instance, events of a partition in offset order,
 * outputs and state writes of a failed event discarded, entity state versioned by event time in a
 * real RocksDB (in a temporary directory).
 *
 * <pre>{@code
 * try (ProcessorTestDriver driver = ProcessorTestDriver.builder(new MyProcessor()).build()) {
 *     driver.process(commitPushed, Cohort.of("acme", "pro", "p1"), Instant.parse("..."), "p1");
 *     assertThat(driver.outputs("releases")).hasSize(1);
 *     assertThat(driver.stateString("p1")).contains("...");
 * }
 * }</pre>
 *
 * <p>Not thread-safe. Routing, dedupe, outcomes and serialization through a registry are not
 * simulated: every event fed is treated as owned by the driven version.
 */
public final class ProcessorTestDriver implements AutoCloseable {

    private final EventProcessor processor;
    private final ComponentVersion version;
    private final String sourceTopic;
    private final int partitions;
    private final Path stateDir;
    private final StateStores stores;
    private final Map<Integer, PartitionStateStore> open = new HashMap<>();
    private final Map<Integer, Long> nextOffset = new HashMap<>();
    private final Map<Integer, Long> lastOffset = new HashMap<>();
    private final List<EmittedRecord> outputs = new ArrayList<>();
    private final ProcessorInvoker invoker;
    private final MockProducer<byte[], byte[]> changelog =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

    private ProcessorTestDriver(Builder builder) throws Exception {
        this.processor = builder.processor;
        this.version = builder.version;
        this.sourceTopic = builder.sourceTopic;
        this.partitions = builder.partitions;
        this.stateDir = Files.createTempDirectory("rewind-test-driver");
        this.stores = StateStores.create(new StateStores.Options(stateDir, 8L << 20));
        this.invoker = new ProcessorInvoker(version, processor, new DriverState(this::store));
        try {
            processor.init(new ProcessorInit(version, builder.config));
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** A builder driving {@code processor}. */
    public static Builder builder(EventProcessor processor) {
        return new Builder(processor);
    }

    /**
     * Processes an event live.
     *
     * @return what this event emitted
     * @throws ProcessorFailedException if the processor threw (its effects are discarded)
     * @throws IllegalArgumentException if the event is not after the previous one of its partition
     */
    public List<EmittedRecord> process(Event event) {
        Long last = lastOffset.get(event.partition());
        if (last != null && event.offset() <= last) {
            throw new IllegalArgumentException("Events of partition " + event.partition()
                    + " must be fed in offset order: offset " + event.offset() + " after " + last);
        }
        return run(event, ProcessingMode.live());
    }

    /**
     * Processes a payload live as the next event of its key's partition (Kafka's default
     * partitioner); the event id is the payload's {@code eventId} field, or a random one.
     */
    public List<EmittedRecord> process(GenericRecord payload, Cohort cohort, Instant time, String key) {
        return process(event(payload, cohort, time, key));
    }

    /**
     * Builds the event {@link #process(GenericRecord, Cohort, Instant, String)} would process,
     * reserving its offset, e.g. to keep it for a later {@link #replay}.
     */
    public Event event(GenericRecord payload, Cohort cohort, Instant time, String key) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        int partition = Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
        long offset = nextOffset.merge(partition, 1L, Long::sum) - 1;
        Object id = payload.getSchema().getField("eventId") == null ? null : payload.get("eventId");
        return Event.builder().eventId(id == null ? UUID.randomUUID().toString() : id.toString()).time(time)
                .cohort(cohort).payload(payload).source(sourceTopic, partition, offset).key(keyBytes).build();
    }

    /**
     * Simulates a replay of {@code [from, to)}: rewinds the state of the events' entities to what
     * it was at {@code from}, then reprocesses the events in the window, in the order given (offset
     * order per partition, as the runtime would), in replay mode. Events outside the window are
     * skipped, as the runtime skips them.
     *
     * @return what the replay emitted
     */
    public List<EmittedRecord> replay(ReplayId replayId, Instant from, Instant to, List<Event> events) {
        ProcessingMode mode = ProcessingMode.replay(replayId, from, to);
        Map<Integer, Set<String>> entities = new HashMap<>();
        for (Event event : events) {
            entities.computeIfAbsent(event.partition(), p -> new HashSet<>()).add(event.keyAsString());
        }
        entities.forEach((partition, keys) -> {
            PartitionStateStore store = store(partition);
            store.forgetFrom(keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList(), from);
            commit(store);
        });
        List<EmittedRecord> emitted = new ArrayList<>();
        for (Event event : events) {
            if (!event.time().isBefore(from) && event.time().isBefore(to)) {
                emitted.addAll(run(event, mode));
            }
        }
        return emitted;
    }

    /** Every record emitted so far, in order. */
    public List<EmittedRecord> outputs() {
        return List.copyOf(outputs);
    }

    /** The records emitted so far to one topic, in order. */
    public List<EmittedRecord> outputs(String topic) {
        return outputs.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    /** Forgets the outputs collected so far. */
    public void clearOutputs() {
        outputs.clear();
    }

    /** The latest state of an entity (UTF-8 key). */
    public Optional<byte[]> state(String entity) {
        return state(entity, Instant.MAX);
    }

    /** The state of an entity (UTF-8 key) as of a time. */
    public Optional<byte[]> state(String entity, Instant asOf) {
        byte[] key = entity.getBytes(StandardCharsets.UTF_8);
        int partition = Utils.toPositive(Utils.murmur2(key)) % partitions;
        return store(partition).get(key, asOf.isAfter(MAX_MILLIS) ? MAX_MILLIS : asOf);
    }

    /** The latest state of an entity decoded as UTF-8. */
    public Optional<String> stateString(String entity) {
        return state(entity).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /** Closes the processor and deletes the state. */
    @Override
    public void close() {
        try {
            processor.close();
        } finally {
            stores.close();
            deleteRecursively(stateDir);
        }
    }

    private static final Instant MAX_MILLIS = Instant.ofEpochMilli(Long.MAX_VALUE / 2);

    private List<EmittedRecord> run(Event event, ProcessingMode mode) {
        if (event.partition() >= partitions) {
            throw new IllegalArgumentException("Event partition " + event.partition() + " but the driver has "
                    + partitions + " partitions; set partitions(...) on the builder");
        }
        PartitionStateStore store = store(event.partition());
        lastOffset.put(event.partition(), event.offset());
        nextOffset.merge(event.partition(), event.offset() + 1, Math::max);
        ProcessorInvoker.Invocation invocation = invoker.invoke(event, mode);
        if (invocation.failed()) {
            commit(store);
            throw new ProcessorFailedException(event, invocation.failure());
        }
        List<EmittedRecord> emitted = new ArrayList<>();
        try {
            for (Emitted output : invocation.outputs()) {
                checkSerializable(output.value());
                emitted.add(new EmittedRecord(output.topic(), output.key(), output.value(), event.eventId(), version,
                        mode.replayId()));
            }
        } catch (IllegalArgumentException e) {
            // the runtime dead-letters an event whose outputs cannot be written, dropping its state writes
            invoker.discard();
            commit(store);
            throw new ProcessorFailedException(event, e);
        }
        invoker.keep();
        commit(store);
        outputs.addAll(emitted);
        return emitted;
    }

    /** Serializes the value like the runtime's Avro serde would, so bad records fail in tests too. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void checkSerializable(Object value) {
        if (value == null || value instanceof byte[]) {
            return;
        }
        GenericRecord record = (GenericRecord) value;
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(OutputStream.nullOutputStream(), null);
        try {
            if (value instanceof SpecificRecord) {
                new SpecificDatumWriter(record.getSchema()).write(record, encoder);
            } else {
                new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            }
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Record of type " + record.getSchema().getFullName()
                    + " cannot be serialized with its schema: " + e, e);
        }
    }

    private PartitionStateStore store(int partition) {
        return open.computeIfAbsent(partition, p -> stores.open(version, p));
    }

    private void commit(PartitionStateStore store) {
        store.sendChangelog(changelog);
        changelog.clear();
        store.commit();
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Configures a {@link ProcessorTestDriver}. */
    public static final class Builder {
        private final EventProcessor processor;
        private ComponentVersion version = new ComponentVersion("test-component", "v1");
        private Map<String, String> config = Map.of();
        private String sourceTopic = "events";
        private int partitions = 1;

        private Builder(EventProcessor processor) {
            this.processor = Objects.requireNonNull(processor, "processor");
        }

        /** The component version the processor runs as; default {@code test-component.v1}. */
        public Builder componentVersion(ComponentVersion value) {
            this.version = Objects.requireNonNull(value);
            return this;
        }

        /** The processor's settings passed to {@code init}. */
        public Builder config(Map<String, String> value) {
            this.config = Map.copyOf(value);
            return this;
        }

        /** The source topic of events built by the driver; default {@code events}. */
        public Builder sourceTopic(String value) {
            this.sourceTopic = Objects.requireNonNull(value);
            return this;
        }

        /** The number of source partitions; default 1. */
        public Builder partitions(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("partitions must be at least 1, was " + value);
            }
            this.partitions = value;
            return this;
        }

        /**
         * Creates the driver and calls the processor's {@code init}.
         *
         * @throws Exception what {@code init} threw
         */
        public ProcessorTestDriver build() throws Exception {
            return new ProcessorTestDriver(this);
        }
    }
}
