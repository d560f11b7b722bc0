package dev.rewind.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.protocol.control.ControlKey;
import dev.rewind.protocol.control.ControlLog;
import dev.rewind.protocol.control.ControlRecords;
import dev.rewind.protocol.control.ReplayCounts;
import dev.rewind.protocol.control.ReplayPlan;
import dev.rewind.protocol.control.ReplayProgress;
import dev.rewind.protocol.control.StartReplay;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.schemas.avro.ReplayAction;
import dev.rewind.schemas.avro.ReplayCommand;
import dev.rewind.schemas.avro.RouteChange;
import dev.rewind.schemas.avro.RouteChangeKind;
import dev.rewind.schemas.avro.TargetKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class ControlLogIT {

    private static final Instant FROM = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);
    private static final ComponentVersion V2 = new ComponentVersion("rc", "v2");
    private static SchemaRegistryServer registry;

    @BeforeAll
    static void startRegistry(KafkaCluster cluster) {
        registry = SchemaRegistryServer.start(new SchemaRegistryServer.Options(cluster.bootstrapServers(), 0,
                "_schemas-" + UUID.randomUUID()));
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void readsCommandsPlansLatestProgressAndCancelsWhileIgnoringForeignRecords(KafkaCluster cluster)
            throws Exception {
        String topic = "control-" + UUID.randomUUID();
        ControlRecords records = new ControlRecords(ControlRecords.serializer(registry.url()), topic);
        Serializer<Object> serializer = ControlRecords.serializer(registry.url());
        TopicPartition tp = new TopicPartition("commits", 2);
        ReplayId id = ReplayId.of("r-" + UUID.randomUUID());
        ReplayPlan plan = new ReplayPlan(id, V2, tp, 5, 50, FROM.plusSeconds(700));
        try (ControlLog log = ControlLog.start(ControlLog.Options.of(cluster.clientConfig(), registry.url())
                .withTopic(topic));
             KafkaProducer<byte[], byte[]> producer = producer(cluster, null)) {
            producer.send(record(topic, ControlKey.command(id), serializer.serialize(topic, command(id,
                    ReplayAction.START))));
            producer.send(record(topic, "audit/1", serializer.serialize(topic, foreignRecord())));
            producer.send(record(topic, "plan/garbage", new byte[] {0, 0, 0, 0, 99}));
            producer.send(records.record(plan));
            producer.send(records.record(status(id, tp, 10, ReplayProgress.State.RUNNING)));
            producer.send(records.record(status(id, tp, 20, ReplayProgress.State.RUNNING)));
            producer.flush();

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(log.progress(id, tp)).get().extracting(ReplayProgress::position).isEqualTo(20L));
            assertThat(log.request(id)).get().extracting(StartReplay::target).isEqualTo(V2);
            assertThat(log.requestsFor(V2)).extracting(StartReplay::replayId).contains(id);
            assertThat(log.requestsFor(new ComponentVersion("rc", "v1"))).isEmpty();
            assertThat(log.plan(id, tp)).contains(plan);
            assertThat(log.isCancelled(id)).isFalse();

            producer.send(record(topic, ControlKey.cancel(id), serializer.serialize(topic, command(id,
                    ReplayAction.CANCEL))));
            producer.send(record(topic, ControlKey.plan(id, tp), null));
            producer.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> log.isCancelled(id));
            await().atMost(Duration.ofSeconds(60)).until(() -> log.plan(id, tp).isEmpty());
        }
    }

    @Test
    void afterAwaitingCatchUpAPlanCommittedBeforeIsVisible(KafkaCluster cluster) throws Exception {
        String topic = "control-" + UUID.randomUUID();
        ControlRecords records = new ControlRecords(ControlRecords.serializer(registry.url()), topic);
        TopicPartition tp = new TopicPartition("commits", 0);
        try (ControlLog log = ControlLog.start(ControlLog.Options.of(cluster.clientConfig(), registry.url())
                .withTopic(topic));
             KafkaProducer<byte[], byte[]> producer = producer(cluster, "control-it-" + UUID.randomUUID())) {
            producer.initTransactions();
            for (int i = 0; i < 5; i++) {
                ReplayId id = ReplayId.of("r-" + i);
                producer.beginTransaction();
                producer.send(records.record(new ReplayPlan(id, V2, tp, i, 10, FROM)));
                producer.commitTransaction();

                assertThat(log.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();

                assertThat(log.plan(id, tp)).get().extracting(ReplayPlan::startOffset).isEqualTo((long) i);
            }
            producer.beginTransaction();
            producer.send(records.record(new ReplayPlan(ReplayId.of("aborted"), V2, tp, 0, 10, FROM)));
            producer.abortTransaction();
            assertThat(log.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
            assertThat(log.plan(ReplayId.of("aborted"), tp)).isEmpty();
        }
    }

    @Test
    void aStartUpThatCannotReadTheLogToItsEndFailsNamingTheTopic(KafkaCluster cluster) throws Exception {
        String topic = "control-" + UUID.randomUUID();
        // nothing answers on port 1: a value's schema cannot be fetched, so the record is read again, never skipped
        try (ControlLog log = ControlLog.start(ControlLog.Options.of(cluster.clientConfig(), "http://127.0.0.1:1")
                .withTopic(topic));
             KafkaProducer<byte[], byte[]> producer = producer(cluster, null)) {
            producer.send(record(topic, ControlKey.command(ReplayId.of("r-unreadable")),
                    new byte[] {0, 0, 0, 0, 1, 2})).get();

            assertThatThrownBy(() -> log.requireCaughtUp(Duration.ofSeconds(2)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(topic).hasMessageContaining("to its end within PT2S");
        }
    }

    private static ReplayProgress status(ReplayId id, TopicPartition tp, long position, ReplayProgress.State state) {
        return new ReplayProgress(id, V2, tp, position, new ReplayCounts(position, 0, 0), state, FROM, "i-1",
                Optional.empty());
    }

    private static ReplayCommand command(ReplayId id, ReplayAction action) {
        return ReplayCommand.newBuilder().setReplayId(id.value()).setComponent("rc").setVersion("v2")
                .setSelector("customer:acme").setFrom(FROM).setTo(FROM.plusSeconds(60)).setDryRun(false)
                .setMaxEventsPerSecond(null).setReason("fix").setAuthor("ann").setRequestedAt(FROM.plusSeconds(61))
                .setAction(action).build();
    }

    /** A record of a type the engine does not act on, as the service's audit entries are. */
    private static RouteChange foreignRecord() {
        return RouteChange.newBuilder().setChangeId("c").setComponent("rc").setSelector("default").setTarget("v1")
                .setTargetKind(TargetKind.VERSION).setEffectiveFrom(FROM).setEffectiveTo(null)
                .setKind(RouteChangeKind.SET).setReplayId(null).setPublishedAt(FROM).setAuthor("a").setReason("r")
                .build();
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaCluster cluster, String transactionalId) {
        Map<String, Object> config = cluster.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        if (transactionalId != null) {
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
