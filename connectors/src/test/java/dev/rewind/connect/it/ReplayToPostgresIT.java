package dev.rewind.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.engine.processor.ReplayId;
import dev.rewind.protocol.control.ControlKey;
import dev.rewind.protocol.control.ControlLog;
import dev.rewind.protocol.control.ControlRecords;
import dev.rewind.protocol.topics.RewindTopics;
import dev.rewind.protocol.control.ReplayProgress;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTarget;
import dev.rewind.engine.routing.RouteTiming;
import dev.rewind.engine.runtime.ComponentRuntime;
import dev.rewind.engine.runtime.RewindHeaders;
import dev.rewind.examples.release.ReleaseCoordinator;
import dev.rewind.examples.release.ReleaseDemo;
import dev.rewind.examples.release.generator.DemoCustomer;
import dev.rewind.examples.release.generator.DemoEvents;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.schemas.avro.Cohort;
import dev.rewind.schemas.avro.ReplayAction;
import dev.rewind.schemas.avro.ReplayCommand;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.schemas.serde.AvroSerializer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 end to end, with real parts: the demo's events, in the form rewind's source transforms
 * give them ({@code eventId}, {@code cohort}, the {@code rewind.event-id} and {@code rewind.cohort.*}
 * headers, Avro in the wire format), are decided by the demo's release coordinator {@code v1} on the
 * engine; Debezium's JDBC sink, shaped by {@code InsertDeliveryFields}, delivers the decisions to a
 * real PostgreSQL on a real Connect worker. {@code v1} fails every enterprise test report, so the
 * enterprise customer {@code acme} is routed to {@code v2} and its window replayed there (through the
 * control topic, as the replay service does): acme's rows then hold v2's decisions with the replay id,
 * no other customer's row changed, and delivering the whole topic again changes nothing.
 */
@ExtendWith(KafkaClusterExtension.class)
class ReplayToPostgresIT {

    private static final int EVENTS = 400;
    private static final int PARTITIONS = 3;
    private static final String ACME = "acme";
    private static final String CONNECTOR = "release-decisions-to-postgres";
    private static final String TABLE = "release_decisions";

    private static RegistryProcess registry;
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start(KafkaCluster cluster) throws Exception {
        registry = RegistryProcess.start(cluster.bootstrapServers());
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        registry.close();
        postgres.close();
    }

    /** One delivered decision as the engine wrote it: its event and the engine's headers. */
    record Decision(String eventId, String version, String replayId, String action, String customer,
                    int partition, long offset) {

        /** The row {@link PostgresDeliveryIT#rows} reads for it. */
        String row() {
            return version + "|" + replayId + "|" + action + "|" + customer;
        }
    }

    @Test
    void aReplayOfOneCustomerOntoTheFixedVersionRewritesOnlyItsRowsAndRedeliveryChangesNothing(KafkaCluster cluster,
            @TempDir Path stateDir) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String component = ReleaseDemo.COMPONENT + "-" + suffix;
        String events = ReleaseDemo.EVENTS_TOPIC + "-" + suffix;
        cluster.createTopic(events, PARTITIONS, (short) 1);
        cluster.createTopic(ReleaseDemo.DECISIONS_TOPIC, PARTITIONS, (short) 1);
        // v1 is the stable version and owns every event of the test (routes from an hour ago on)
        try (RoutePublisher publisher = RoutePublisher.create(cluster.clientConfig(), RouteLog.Options.DEFAULT_TOPIC,
                RouteTiming.DEFAULTS, Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)))) {
            publisher.setRoute(component, CohortSelector.DEFAULT, RouteTarget.version(ReleaseDemo.BUGGY_VERSION), null,
                    "test", "v1 is stable");
        }

        List<ComponentRuntime> runtimes = new ArrayList<>();
        ConnectWorker worker = ConnectWorker.start(ConnectWorker.settings(cluster.bootstrapServers(),
                "connect-e2e-" + suffix, registry.url()));
        try (ControlLog control = ControlLog.start(ControlLog.Options.of(cluster.clientConfig(), registry.url()))) {
            for (String version : ReleaseDemo.VERSIONS) {
                runtimes.add(EngineVersions.start(cluster, registry.url(), component, version, events, stateDir,
                        ReleaseCoordinator::new));
            }
            worker.configure(CONNECTOR, PostgresDeliveryIT.sink(postgres, ReleaseDemo.DECISIONS_TOPIC, TABLE));

            // live: v1 decides every event, and fails acme's test reports
            Instant from = Instant.now().minusMillis(1);
            List<GenericRecord> produced = produceDemoEvents(cluster, events);
            long failingReports = produced.stream().filter(ReplayToPostgresIT::isFailedByV1).count();
            assertThat(failingReports).as("acme test reports v1 cannot process").isPositive();
            awaitConsumed(cluster, component, events);
            Instant to = Instant.now();
            List<Decision> live = decisions(cluster);
            assertThat(live).isNotEmpty().allSatisfy(d -> {
                assertThat(d.version()).isEqualTo(ReleaseDemo.BUGGY_VERSION);
                assertThat(d.replayId()).isNull();
            });
            Map<String, String> liveRows = expectedRows(live);
            await().atMost(Duration.ofMinutes(2)).until(() -> PostgresDeliveryIT.rows(postgres, TABLE)
                    .equals(liveRows));

            // acme goes to v2 from now on, and its window is replayed onto v2 (fix forward)
            ReplayId id = ReplayId.of("replay-" + suffix);
            CohortSelector acme = CohortSelector.customer(ACME);
            try (RoutePublisher publisher = RoutePublisher.create(cluster.clientConfig(),
                    RouteLog.Options.DEFAULT_TOPIC, RouteTiming.DEFAULTS, Clock.systemUTC())) {
                publisher.setRoute(component, acme, RouteTarget.version(ReleaseDemo.FIXED_VERSION), null, "test",
                        "acme on the fixed version");
                publisher.overrideForReplay(component, acme, ReleaseDemo.FIXED_VERSION, from, to, id, "test",
                        "v1 failed acme's test reports");
            }
            startReplay(cluster, id, component, acme, from, to);
            Set<Integer> acmePartitions = produced.stream().filter(e -> isOf(e, ACME))
                    .map(e -> partitionOf(((Cohort) e.get("cohort")).getProject())).collect(Collectors.toSet());
            await().atMost(Duration.ofMinutes(2)).until(() -> control.progress(id).keySet().stream()
                    .map(TopicPartition::partition).collect(Collectors.toSet()).containsAll(acmePartitions)
                    && control.progress(id).values().stream().allMatch(s -> s.state().isFinal()));
            assertThat(control.progress(id).values())
                    .allSatisfy(s -> assertThat(s.state()).isEqualTo(ReplayProgress.State.COMPLETED));

            List<Decision> all = decisions(cluster);
            List<Decision> replayed = all.stream().filter(d -> id.value().equals(d.replayId())).toList();
            assertThat(replayed).isNotEmpty().allSatisfy(d -> {
                assertThat(d.version()).isEqualTo(ReleaseDemo.FIXED_VERSION);
                assertThat(d.customer()).isEqualTo(ACME);
            });
            Map<String, String> afterReplay = expectedRows(all);
            await().atMost(Duration.ofMinutes(2)).until(() -> PostgresDeliveryIT.rows(postgres, TABLE)
                    .equals(afterReplay));
            Map<String, String> rows = PostgresDeliveryIT.rows(postgres, TABLE);
            // acme's rows hold v2's decisions, under the replay id: builds v1 held for want of the test
            // report it failed to process are released now ...
            Map<String, String> acmeBefore = ofCustomer(liveRows, ACME);
            Map<String, String> acmeAfter = ofCustomer(rows, ACME);
            assertThat(acmeAfter).isNotEmpty().allSatisfy((event, row) ->
                    assertThat(row).startsWith("v2|" + id.value() + "|"));
            assertThat(acmeAfter.keySet()).containsAll(acmeBefore.keySet());
            assertThat(acmeAfter.keySet()).filteredOn(event -> "v1|null|HOLD|acme".equals(acmeBefore.get(event))
                    && acmeAfter.get(event).equals("v2|" + id.value() + "|RELEASE|acme")).isNotEmpty();
            // ... and no other customer's row changed
            Map<String, String> othersBefore = new TreeMap<>(liveRows);
            othersBefore.keySet().removeAll(acmeBefore.keySet());
            Map<String, String> othersAfter = new TreeMap<>(rows);
            othersAfter.keySet().removeAll(acmeAfter.keySet());
            assertThat(othersAfter).isNotEmpty().isEqualTo(othersBefore);

            // the whole topic delivered again from its first offset: the table does not change
            worker.put("connectors/" + CONNECTOR + "/stop", Map.of());
            await().atMost(Duration.ofMinutes(1)).until(() -> worker.state(CONNECTOR).startsWith("STOPPED"));
            worker.delete("connectors/" + CONNECTOR + "/offsets");
            worker.put("connectors/" + CONNECTOR + "/resume", Map.of());
            long delivered = all.stream().collect(Collectors.toMap(Decision::partition, d -> d.offset() + 1,
                    Math::max)).values().stream().mapToLong(Long::longValue).sum();
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> PostgresDeliveryIT.committed(worker, CONNECTOR) >= delivered);
            assertThat(PostgresDeliveryIT.rows(postgres, TABLE)).isEqualTo(afterReplay);
        } finally {
            worker.close();
            runtimes.forEach(ComponentRuntime::close);
        }
    }

    /**
     * The demo generator's events (seeded), written as rewind's source transforms leave a source
     * connector's records: keyed by project, Avro with {@code eventId} and {@code cohort}, the
     * {@code rewind.event-id} and {@code rewind.cohort.<dimension>} headers.
     */
    private static List<GenericRecord> produceDemoEvents(KafkaCluster cluster, String topic) {
        DemoEvents generator = new DemoEvents(DemoCustomer.defaults(), new Random(17));
        Map<String, Object> config = cluster.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        List<GenericRecord> produced = new ArrayList<>();
        try (AvroSerializer values = new AvroSerializer();
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            // several event types share the topic, as with the engine's own serde
            values.configure(Map.of("schema.registry.url", registry.url(),
                    "value.subject.name.strategy", "dev.rewind.schemas.serde.TopicRecordNameStrategy"), false);
            for (int i = 0; i < EVENTS; i++) {
                DemoEvents.Generated event = generator.next();
                GenericRecord value = (GenericRecord) event.value();
                Cohort cohort = (Cohort) value.get("cohort");
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic,
                        event.project().getBytes(StandardCharsets.UTF_8), values.serialize(topic, value));
                header(record, RewindHeaders.EVENT_ID, value.get("eventId").toString());
                header(record, "rewind.cohort.customer", cohort.getCustomer());
                header(record, "rewind.cohort.plan", cohort.getPlan());
                header(record, "rewind.cohort.project", cohort.getProject());
                producer.send(record);
                produced.add(value);
            }
            producer.flush();
        }
        return produced;
    }

    private static void header(ProducerRecord<byte[], byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isOf(GenericRecord event, String customer) {
        return ((Cohort) event.get("cohort")).getCustomer().equals(customer);
    }

    /** The partition Kafka's default partitioner gives a project key. */
    private static int partitionOf(String project) {
        return Utils.toPositive(Utils.murmur2(project.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /** An acme test report with a flaky count and no failure: v1 divides by zero on it. */
    private static boolean isFailedByV1(GenericRecord event) {
        return isOf(event, ACME)
                && event.getSchema().getName().equals("TestsReported")
                && event.get("flaky") != null && (Integer) event.get("failed") == 0;
    }

    /** Waits until both versions' groups committed the end of the events topic. */
    private static void awaitConsumed(KafkaCluster cluster, String component, String topic) throws Exception {
        Map<TopicPartition, Long> end;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cluster.clientConfig(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            end = consumer.endOffsets(consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList());
        }
        for (String version : ReleaseDemo.VERSIONS) {
            String group = component + "." + version;
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = cluster.admin().listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                // a partition without events (7 projects over the partitions) has nothing to commit
                return end.entrySet().stream().allMatch(e -> e.getValue() == 0 || committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue());
            });
        }
    }

    private static void startReplay(KafkaCluster cluster, ReplayId id, String component, CohortSelector selector,
                                    Instant from, Instant to) {
        ReplayCommand command = ReplayCommand.newBuilder().setReplayId(id.value())
                .setComponent(component).setVersion(ReleaseDemo.FIXED_VERSION).setSelector(selector.toString())
                .setFrom(from).setTo(to).setDryRun(false).setMaxEventsPerSecond(null).setReason("v1 failed acme")
                .setAuthor("test").setRequestedAt(Instant.now())
                .setAction(ReplayAction.START).build();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.clientConfig(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(RewindTopics.CONTROL,
                    ControlKey.command(id).getBytes(StandardCharsets.UTF_8),
                    ControlRecords.serializer(registry.url()).serialize(RewindTopics.CONTROL, command)));
            producer.flush();
        }
    }

    /** Every committed decision up to the end of the decisions topic, in partition order. */
    private static List<Decision> decisions(KafkaCluster cluster) {
        String topic = ReleaseDemo.DECISIONS_TOPIC;
        Map<String, Object> config = cluster.clientConfig();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Decision> read = new ArrayList<>();
        AvroDeserializer avro = new AvroDeserializer();
        avro.configure(Map.of("schema.registry.url", registry.url()), false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofMinutes(1)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    GenericRecord value = (GenericRecord) avro.deserialize(topic, record.value());
                    read.add(new Decision(header(record, RewindHeaders.EVENT_ID), header(record, RewindHeaders.VERSION),
                            header(record, RewindHeaders.REPLAY_ID), value.get("action").toString(),
                            ((GenericRecord) value.get("cohort")).get("customer").toString(), record.partition(),
                            record.offset()));
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return read;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The table upserting {@code decisions} in order must end with: event id -> row. */
    private static Map<String, String> expectedRows(List<Decision> decisions) {
        Map<String, String> rows = new LinkedHashMap<>();
        decisions.forEach(d -> rows.put(d.eventId(), d.row()));
        return new TreeMap<>(rows);
    }

    private static Map<String, String> ofCustomer(Map<String, String> rows, String customer) {
        return rows.entrySet().stream().filter(e -> e.getValue().endsWith("|" + customer))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }
}
