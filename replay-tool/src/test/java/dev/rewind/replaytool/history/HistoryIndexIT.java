package dev.rewind.replaytool.history;

import static dev.rewind.replaytool.history.internal.Records.cohort;
import static dev.rewind.replaytool.history.internal.Records.commit;
import static dev.rewind.replaytool.history.internal.Records.dlq;
import static dev.rewind.replaytool.history.internal.Records.outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.schemas.avro.Cohort;
import dev.rewind.schemas.avro.OutcomeStatus;
import dev.rewind.schemas.serde.AvroSerializer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaClusterExtension.class)
class HistoryIndexIT {

    private static final AtomicInteger RUN = new AtomicInteger();
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path stateDir;

    private final String prefix = "hist" + RUN.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    private final List<AutoCloseable> toClose = new java.util.ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private HistoryConfig config(KafkaCluster cluster, Path dir) {
        Map<String, Object> props = new HashMap<>();
        props.put(HistoryConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(HistoryConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + prefix);
        props.put(HistoryConfig.APPLICATION_ID_CONFIG, prefix + "-history");
        props.put(HistoryConfig.STATE_DIR_CONFIG, dir.toString());
        props.put(HistoryConfig.SOURCE_TOPICS_CONFIG, prefix + ".commits");
        props.put(HistoryConfig.OUTCOMES_TOPIC_CONFIG, prefix + ".outcomes");
        props.put(HistoryConfig.DLQ_PATTERN_CONFIG, prefix + "\\.dlq\\..+");
        props.put(HistoryConfig.COMMIT_INTERVAL_MS_CONFIG, 100L);
        props.put(HistoryConfig.PARTITIONS_CONFIG, 2);
        props.put(HistoryConfig.STREAMS_PREFIX + "num.stream.threads", 1);
        // a restarted dynamic member waits for its predecessor's session to expire: keep that short
        props.put(HistoryConfig.STREAMS_PREFIX + "consumer.session.timeout.ms", 6000);
        props.put(HistoryConfig.STREAMS_PREFIX + "consumer.heartbeat.interval.ms", 1500);
        return new HistoryConfig(props);
    }

    private HistoryIndex startIndex(KafkaCluster cluster, Path dir) throws InterruptedException {
        HistoryIndex index = HistoryIndex.start(config(cluster, dir));
        toClose.add(index);
        index.awaitRunning(PATIENCE);
        return index;
    }

    private KafkaProducer<String, Object> producer(KafkaCluster cluster) {
        Map<String, Object> props = cluster.clientConfig();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put("schema.registry.url", "mock://" + prefix);
        KafkaProducer<String, Object> producer = new KafkaProducer<>(props, new StringSerializer(),
                configured(props));
        toClose.add(producer);
        return producer;
    }

    private static AvroSerializer configured(Map<String, Object> props) {
        AvroSerializer serializer = new AvroSerializer();
        serializer.configure(props, false);
        return serializer;
    }

    private void createTopics(KafkaCluster cluster) {
        cluster.createTopic(prefix + ".commits", 2, (short) 1);
        cluster.createTopic(prefix + ".outcomes", 2, (short) 1);
        cluster.createTopic(prefix + ".dlq.release-coordinator", 1, (short) 1);
    }

    @Test
    void anEventProcessedLiveReplayedAndDeadLetteredShowsAllThree(KafkaCluster cluster) throws Exception {
        createTopics(cluster);
        HistoryIndex index = startIndex(cluster, stateDir);
        Cohort acme = cohort("acme", "gold", "p1");
        Instant now = Instant.now();
        try (KafkaProducer<String, Object> producer = producer(cluster)) {
            producer.send(new ProducerRecord<>(prefix + ".commits", null, now.toEpochMilli(), "p1",
                    commit("e-1", acme))).get();
            producer.send(new ProducerRecord<>(prefix + ".outcomes", "e-1",
                    outcome("e-1", acme, "v1", null, OutcomeStatus.OK, 800, now))).get();
            producer.send(new ProducerRecord<>(prefix + ".outcomes", "e-1",
                    outcome("e-1", acme, "v2", "replay-1", OutcomeStatus.OK, 700, now))).get();
            producer.send(new ProducerRecord<>(prefix + ".dlq.release-coordinator", "e-1",
                    dlq("e-1", "v3", now))).get();
        }

        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            EventHistory history = index.event("e-1").orElseThrow();
            assertThat(history.payload()).isNotNull();
            assertThat(history.processings()).extracting(Processing::version).containsExactly("v1", "v2");
            assertThat(history.processings().get(1).replayId()).isEqualTo("replay-1");
            assertThat(history.dlq()).extracting(DlqRecord::version).containsExactly("v3");
        });
        EventHistory history = index.event("e-1").orElseThrow();
        assertThat(history.ref().topic()).isEqualTo(prefix + ".commits");
        assertThat(index.payloads().toJson(history.ref().topic(), history.payload()).path("commitSha").asText())
                .isEqualTo("abc123");
        EventPage page = index.events(new EventQuery(CohortKey.parse("customer:acme"), now.minusSeconds(60),
                now.plusSeconds(60), null, null, null, 10, null));
        assertThat(page.events()).extracting(e -> e.ref().eventId()).containsExactly("e-1");
        assertThat(index.event("no-such-event")).isEmpty();
    }

    @Test
    void errorRatePerVersionAndPerPlanMatchTheInjectedRatio(KafkaCluster cluster) throws Exception {
        createTopics(cluster);
        HistoryIndex index = startIndex(cluster, stateDir);
        try (KafkaProducer<String, Object> producer = producer(cluster)) {
            for (int i = 0; i < 200; i++) {
                boolean gold = i % 2 == 0;
                Cohort c = cohort("c" + (i % 10), gold ? "gold" : "free", "p" + (i % 3));
                // gold fails 3 in 10 on v1, free never; v2 fails 1 in 20 everywhere
                OutcomeStatus v1 = gold && (i / 2) % 10 < 3 ? OutcomeStatus.ERROR : OutcomeStatus.OK;
                OutcomeStatus v2 = i % 20 == 7 ? OutcomeStatus.ERROR : OutcomeStatus.OK;
                producer.send(new ProducerRecord<>(prefix + ".outcomes", "e" + i,
                        outcome("e" + i, c, "v1", null, v1, 1000, Instant.now())));
                producer.send(new ProducerRecord<>(prefix + ".outcomes", "e" + i,
                        outcome("e" + i, c, "v2", null, v2, 1000, Instant.now())));
            }
            producer.flush();
        }

        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            List<VersionStats> stats = index.versionStats("release-coordinator", StatsWindow.FIFTEEN_MINUTES,
                    CohortDimension.PLAN);
            assertThat(stats).extracting(s -> s.total().outcomes()).containsExactly(200L, 200L);
        });
        List<VersionStats> stats = index.versionStats("release-coordinator", StatsWindow.FIFTEEN_MINUTES,
                CohortDimension.PLAN);
        VersionStats v1 = stats.get(0);
        assertThat(v1.version()).isEqualTo("v1");
        assertThat(v1.total().errorRate()).isCloseTo(0.15, within(1e-9));
        assertThat(v1.byCohort().get("plan:gold").errorRate()).isCloseTo(0.30, within(1e-9));
        assertThat(v1.byCohort().get("plan:free").errorRate()).isZero();
        assertThat(stats.get(1).total().errorRate()).isCloseTo(0.05, within(1e-9));
        assertThat(index.localComponents()).containsExactly("release-coordinator");
    }

    @Test
    void theIndexSurvivesARestartWithItsStateDirAndWithoutIt(KafkaCluster cluster, @TempDir Path freshDir)
            throws Exception {
        createTopics(cluster);
        HistoryIndex first = startIndex(cluster, stateDir);
        Cohort acme = cohort("acme", "gold", "p1");
        Instant now = Instant.now();
        try (KafkaProducer<String, Object> producer = producer(cluster)) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(prefix + ".commits", null, now.plusMillis(i).toEpochMilli(),
                        "p1", commit("r-" + i, acme)));
            }
            producer.flush();
        }
        EventQuery all = new EventQuery(CohortKey.parse("project:p1"), now.minusSeconds(60), now.plusSeconds(60),
                null, null, null, 100, null);
        await().atMost(PATIENCE).ignoreExceptions().until(() -> first.events(all).events().size() == 20);
        first.close();
        toClose.remove(first);

        HistoryIndex restarted = startIndex(cluster, stateDir);
        assertThat(restarted.events(all).events()).hasSize(20);
        assertThat(restarted.event("r-7")).map(h -> h.ref().eventId()).isEqualTo(Optional.of("r-7"));
        restarted.close();
        toClose.remove(restarted);

        HistoryIndex restored = startIndex(cluster, freshDir);
        assertThat(restored.events(all).events()).hasSize(20);
        assertThat(restored.event("r-19")).isPresent();
    }
}
