package dev.rewind.engine.replay;

import dev.rewind.protocol.control.ControlLog;
import dev.rewind.protocol.topics.RewindTopics;
import dev.rewind.protocol.control.ControlRecords;
import dev.rewind.protocol.control.ControlKey;
import static org.awaitility.Awaitility.await;

import dev.rewind.demo.release.CommitPushed;
import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.outcome.OutcomeTopics;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessorContext;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTarget;
import dev.rewind.engine.routing.RouteTiming;
import dev.rewind.engine.runtime.RuntimeFixture;
import dev.rewind.engine.runtime.RewindHeaders;
import dev.rewind.engine.state.ChangelogRecords;
import dev.rewind.engine.state.StateChangelog;
import dev.rewind.engine.TestKafkaClients;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.schemas.avro.Cohort;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.avro.ReplayAction;
import dev.rewind.schemas.avro.ReplayCommand;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.schemas.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The engine ITs' {@link RuntimeFixture} with what replays add: the two-version processor with v1's
 * bug, routes per cohort, replay commands, the control log and the entity state a changelog holds.
 */
final class ReplayFixture extends RuntimeFixture {

    ReplayFixture(KafkaCluster cluster, String registryUrl, Path stateDir, int partitions) {
        super(cluster, registryUrl, stateDir, partitions, (short) 1);
    }

    /**
     * The processor of both versions: counts the events of each entity in its state and writes one
     * output per event, key the event id, value {@code <eventId>:ok:<count>}; v1 has the bug of
     * writing {@code <eventId>:WRONG:<count>} and counting twice for the enterprise plan. Can be made
     * to hang on one event (a crash while a transaction is open).
     */
    static final class Processor implements EventProcessor {
        final CountDownLatch hanging = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final String output;
        private final boolean buggy;
        private final String hangOnReplayOf;

        Processor(String output, boolean buggy, String hangOnReplayOf) {
            this.output = output;
            this.buggy = buggy;
            this.hangOnReplayOf = hangOnReplayOf;
        }

        static Supplier<Processor> v1(String output) {
            return () -> new Processor(output, true, null);
        }

        static Supplier<Processor> v2(String output) {
            return () -> new Processor(output, false, null);
        }

        @Override
        public void process(Event event, ProcessorContext context) throws InterruptedException {
            boolean wrong = buggy && event.cohort().plan().filter("enterprise"::equals).isPresent();
            long count = context.state().getString().map(Long::parseLong).orElse(0L) + (wrong ? 2 : 1);
            context.state().putString(Long.toString(count));
            context.emit(output, event.eventId().value(), (event.eventId().value() + (wrong ? ":WRONG:" : ":ok:")
                    + count).getBytes(StandardCharsets.UTF_8));
            if (context.mode().isReplay() && event.eventId().value().equals(hangOnReplayOf)) {
                hanging.countDown();
                release.await(10, TimeUnit.MINUTES);
            }
        }
    }

    @Override
    public Map<String, Object> settings(String version, String instanceId) {
        Map<String, Object> props = super.settings(version, instanceId);
        props.put(EngineConfig.REPLAY_MAX_EVENTS_PER_SECOND_CONFIG, "100000");
        return props;
    }

    /** Routes {@code selector} to {@code version} from an hour ago on, so the test's events are decided at once. */
    void route(CohortSelector selector, String version) {
        try (RoutePublisher publisher = publisher(Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)))) {
            publisher.setRoute(component, selector, RouteTarget.version(version), null, "test", "route of the test");
        }
    }

    /** Routes {@code selector} to {@code version} for events from {@code from} on (at least an hour ago). */
    void route(CohortSelector selector, String version, Instant from) {
        try (RoutePublisher publisher = publisher(Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)))) {
            publisher.setRoute(component, selector, RouteTarget.version(version), from, "test", "route of the test");
        }
    }

    /**
     * The entity state a version's changelog holds: per entity, the value of its newest live version
     * ({@code null} for a deletion).
     */
    Map<String, String> finalState(String version, Predicate<String> entities) {
        String topic = StateChangelog.topicName(new ComponentVersion(component, version));
        Map<java.nio.ByteBuffer, byte[]> versions = new java.util.LinkedHashMap<>();
        Map<String, Object> props = new HashMap<>(cluster.clientConfig());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        versions.remove(java.nio.ByteBuffer.wrap(record.key()));
                    } else {
                        versions.put(java.nio.ByteBuffer.wrap(record.key()), record.value());
                    }
                }
            }
        }
        Map<String, byte[]> newestKey = new HashMap<>();
        Map<String, String> state = new java.util.TreeMap<>();
        versions.forEach((key, value) -> {
            byte[] bytes = key.array();
            String entity = new String(ChangelogRecords.entity(bytes), StandardCharsets.UTF_8);
            byte[] newest = newestKey.get(entity);
            if (entities.test(entity) && (newest == null || java.util.Arrays.compareUnsigned(bytes, newest) > 0)) {
                newestKey.put(entity, bytes);
                state.put(entity, ChangelogRecords.value(value).map(v -> new String(v, StandardCharsets.UTF_8))
                        .orElse(null));
            }
        });
        return state;
    }

    static CommitPushed event(String eventId, String customer, String plan, String project) {
        return CommitPushed.newBuilder().setEventId(eventId)
                .setCohort(Cohort.newBuilder().setCustomer(customer).setPlan(plan).setProject(project).build())
                .setRepository("repo").setBranch("main").setCommitSha("abc").setAuthor("ada").build();
    }

    /** Publishes the override (when the version did not own the window) and the START command; returns the id. */
    ReplayId startReplay(String version, CohortSelector selector, Instant from, Instant to, Double rate,
                         boolean override, boolean dryRun) {
        ReplayId id = ReplayId.of("replay-" + UUID.randomUUID());
        if (override) {
            try (RoutePublisher publisher = publisher(Clock.systemUTC())) {
                publisher.overrideForReplay(component, selector, version, from, to, id, "test", "fix forward");
            }
        }
        sendCommand(ControlKey.command(id), command(id, version, selector, from, to, rate, dryRun,
                ReplayAction.START));
        return id;
    }

    void cancelReplay(ReplayId id, String version, CohortSelector selector, Instant from, Instant to) {
        sendCommand(ControlKey.cancel(id), command(id, version, selector, from, to, null, false, ReplayAction.CANCEL));
    }

    private ReplayCommand command(ReplayId id, String version, CohortSelector selector, Instant from, Instant to,
                                  Double rate, boolean dryRun, ReplayAction action) {
        return ReplayCommand.newBuilder().setReplayId(id.value()).setComponent(component).setVersion(version)
                .setSelector(selector.toString()).setFrom(from).setTo(to).setDryRun(dryRun)
                .setMaxEventsPerSecond(rate).setReason("test").setAuthor("test").setRequestedAt(Instant.now())
                .setAction(action).build();
    }

    private void sendCommand(String key, ReplayCommand command) {
        ControlTopicCreator.ensure(cluster);
        try (KafkaProducer<byte[], byte[]> producer = producer();
             AvroSerializer control = new AvroSerializer()) {
            control.configure(ControlRecords.serdeConfig(registryUrl), false);
            producer.send(new ProducerRecord<>(RewindTopics.CONTROL, key.getBytes(StandardCharsets.UTF_8),
                    control.serialize(RewindTopics.CONTROL, command)));
            producer.flush();
        }
    }

    ControlLog controlLog() {
        return ControlLog.start(ControlLog.Options.of(cluster.clientConfig(), registryUrl));
    }

    /** The committed outputs as {@link Output}s, read until {@code done} holds. */
    List<Output> outputs(Predicate<List<Output>> done) {
        List<Output> result = new ArrayList<>();
        readCommitted(output, records -> {
            result.clear();
            records.forEach(r -> result.add(Output.of(r)));
            return done.test(result);
        });
        return result;
    }

    /** One committed output record, with the headers rewind puts on it. */
    record Output(String key, String value, String eventId, String version, String replayId, int partition,
                  long offset) {
        static Output of(ConsumerRecord<byte[], byte[]> record) {
            return new Output(utf8(record.key()), utf8(record.value()), header(record, RewindHeaders.EVENT_ID),
                    header(record, RewindHeaders.VERSION), header(record, RewindHeaders.REPLAY_ID), record.partition(),
                    record.offset());
        }

        private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
            Header header = record.headers().lastHeader(name);
            return header == null ? null : utf8(header.value());
        }

        private static String utf8(byte[] bytes) {
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
