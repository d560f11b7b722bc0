package dev.rewind.engine.runtime;

import static org.awaitility.Awaitility.await;

import dev.rewind.demo.release.CommitPushed;
import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.dlq.DlqTopics;
import dev.rewind.engine.outcome.OutcomeTopics;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTarget;
import dev.rewind.engine.routing.RouteTiming;
import dev.rewind.engine.TestKafkaClients;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.schemas.avro.Cohort;
import dev.rewind.schemas.avro.DlqEntry;
import dev.rewind.schemas.avro.Outcome;
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
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Topics, events, runtimes and read-back helpers for runtime ITs; one per test. */
public class RuntimeFixture implements AutoCloseable {

    public static final Duration PATIENCE = Duration.ofSeconds(180);

    public final KafkaCluster cluster;
    public final String registryUrl;
    public final String component;
    public final String source;
    public final String output;
    public final Path stateDir;
    private final List<ComponentRuntime> runtimes = new ArrayList<>();
    private final AvroSerializer serializer = new AvroSerializer();

    public RuntimeFixture(KafkaCluster cluster, String registryUrl, Path stateDir, int partitions, short replication) {
        this.cluster = cluster;
        this.registryUrl = registryUrl;
        this.stateDir = stateDir;
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        this.component = "c-" + suffix;
        this.source = "source-" + suffix;
        this.output = "output-" + suffix;
        cluster.createTopic(source, partitions, replication);
        cluster.createTopic(output, partitions, replication);
        // several event types share a source topic, as in the demo domain
        serializer.configure(Map.of("schema.registry.url", registryUrl,
                "value.subject.name.strategy", "dev.rewind.schemas.serde.TopicRecordNameStrategy"), false);
    }

    public Map<String, Object> settings(String version, String instanceId) {
        Map<String, Object> props = new HashMap<>();
        props.put(EngineConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(EngineConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);
        props.put(EngineConfig.COMPONENT_CONFIG, component);
        props.put(EngineConfig.VERSION_CONFIG, version);
        props.put(EngineConfig.SOURCE_TOPICS_CONFIG, source);
        props.put(EngineConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(EngineConfig.INSTANCE_ID_CONFIG, instanceId);
        props.put(EngineConfig.COMMIT_INTERVAL_MS_CONFIG, "50");
        return props;
    }

    public ComponentRuntime start(Map<String, Object> settings, Supplier<? extends EventProcessor> processor)
            throws InterruptedException {
        ComponentRuntime runtime = ComponentRuntime.builder(EngineConfig.of(settings)).processor(processor::get).build();
        runtimes.add(runtime);
        runtime.start();
        if (!runtime.awaitRunning(PATIENCE)) {
            throw new AssertionError("runtime did not start: " + runtime.state());
        }
        return runtime;
    }

    /** A route publisher on the real clock: changes take effect one margin after publication. */
    public RoutePublisher publisher() {
        return publisher(Clock.systemUTC());
    }

    public RoutePublisher publisher(Clock clock) {
        return RoutePublisher.create(cluster.clientConfig(), RouteLog.Options.DEFAULT_TOPIC, RouteTiming.DEFAULTS, clock);
    }

    /**
     * Routes every event of this component to {@code version} from an hour ago on: a route history
     * that existed before the test, so events of the test are decided at once.
     */
    public void routeEverythingTo(String version) {
        try (RoutePublisher publisher = publisher(Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)))) {
            publisher.setRoute(component, CohortSelector.DEFAULT, RouteTarget.version(version), null, "test",
                    "baseline route of the test");
        }
    }

    public static CommitPushed event(String eventId, String customer, String project) {
        return CommitPushed.newBuilder().setEventId(eventId)
                .setCohort(Cohort.newBuilder().setCustomer(customer).setPlan("pro").setProject(project).build())
                .setRepository("repo").setBranch("main").setCommitSha("abc").setAuthor("ada").build();
    }

    /** Sends events keyed by project with the current time as event time. */
    public void produce(List<CommitPushed> events) {
        produce(events, null);
    }

    /** Sends events keyed by project, with the given event time ({@code null}: the producer's clock). */
    public void produce(List<CommitPushed> events, Instant time) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (CommitPushed event : events) {
                producer.send(new ProducerRecord<>(source, null, time == null ? null : time.toEpochMilli(),
                        event.getCohort().getProject().getBytes(StandardCharsets.UTF_8),
                        serializer.serialize(source, event)));
            }
            producer.flush();
        }
    }

    /** Sends raw records (for bad input). */
    public void produceRaw(List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    public byte[] serialize(Object value) {
        return serializer.serialize(source, value);
    }

    protected KafkaProducer<byte[], byte[]> producer() {
        return TestKafkaClients.producer(cluster);
    }

    /** Every committed record of a topic, read until {@code done} holds for what was read. */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic,
                                                      Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        return TestKafkaClients.readCommitted(cluster, topic, PATIENCE, done);
    }

    /**
     * Every committed record of a topic up to its current end (the last stable offset): once the
     * expected records were seen, this shows whether any came twice.
     */
    public List<ConsumerRecord<byte[], byte[]>> readAllCommitted(String topic) {
        Map<String, Object> props = new HashMap<>(cluster.clientConfig());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return read;
    }

    /** The committed outcomes of this fixture's component, read until {@code done} holds. */
    public List<Outcome> outcomes(Predicate<List<Outcome>> done) {
        AvroDeserializer deserializer = new AvroDeserializer();
        deserializer.configure(Map.of("schema.registry.url", registryUrl, "specific.avro.reader", true), false);
        List<Outcome> mine = new ArrayList<>();
        readCommitted(OutcomeTopics.OUTCOMES, records -> {
            mine.clear();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                Outcome outcome = (Outcome) deserializer.deserialize(OutcomeTopics.OUTCOMES, record.value());
                if (outcome.getComponent().equals(component)) {
                    mine.add(outcome);
                }
            }
            return done.test(mine);
        });
        return mine;
    }

    /**
     * Every committed outcome of this fixture's component up to the outcome topic's current end: once the
     * expected outcomes were seen, this shows whether any came twice.
     */
    public List<Outcome> committedOutcomes() {
        AvroDeserializer deserializer = new AvroDeserializer();
        deserializer.configure(Map.of("schema.registry.url", registryUrl, "specific.avro.reader", true), false);
        return readAllCommitted(OutcomeTopics.OUTCOMES).stream()
                .map(r -> (Outcome) deserializer.deserialize(OutcomeTopics.OUTCOMES, r.value()))
                .filter(o -> o.getComponent().equals(component)).toList();
    }

    /** Waits up to {@code atMost} until every one of {@code versions} has committed partition 0 of the source up to {@code next}. */
    public void awaitCommitted(List<String> versions, long next, Duration atMost) {
        TopicPartition partition = new TopicPartition(source, 0);
        await().atMost(atMost).until(() -> {
            for (String version : versions) {
                var committed = cluster.admin().listConsumerGroupOffsets(component + "." + version)
                        .partitionsToOffsetAndMetadata().get().get(partition);
                if (committed == null || committed.offset() < next) {
                    return false;
                }
            }
            return true;
        });
    }

    /** The committed dead letters of this fixture's component, read until {@code done} holds. */
    public List<DlqEntry> deadLetters(Predicate<List<DlqEntry>> done) {
        AvroDeserializer deserializer = new AvroDeserializer();
        deserializer.configure(Map.of("schema.registry.url", registryUrl, "specific.avro.reader", true), false);
        String topic = DlqTopics.of(component);
        List<DlqEntry> entries = new ArrayList<>();
        readCommitted(topic, records -> {
            entries.clear();
            records.forEach(r -> entries.add((DlqEntry) deserializer.deserialize(topic, r.value())));
            return done.test(entries);
        });
        return entries;
    }

    @Override
    public void close() {
        runtimes.forEach(ComponentRuntime::close);
        serializer.close();
    }
}
