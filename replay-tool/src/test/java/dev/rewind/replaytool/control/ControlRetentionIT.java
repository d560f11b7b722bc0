package dev.rewind.replaytool.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.protocol.control.ControlLog;
import dev.rewind.protocol.control.ControlRecords;
import dev.rewind.protocol.control.ReplayCounts;
import dev.rewind.protocol.control.ReplayPlan;
import dev.rewind.protocol.control.ReplayProgress;
import dev.rewind.protocol.control.ReplayWindow;
import dev.rewind.protocol.control.StartReplay;
import dev.rewind.protocol.topics.RewindTopics;
import dev.rewind.replaytool.replay.ReplayAggregator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 10, item 2: {@code rewind.control} and every reader's index of it stay bounded. */
@ExtendWith(KafkaClusterExtension.class)
class ControlRetentionIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String REGISTRY = "mock://control-retention-it";
    private static final ComponentVersion V2 = new ComponentVersion("retention", "v2");
    private static final TopicPartition TP = new TopicPartition("retention-events", 0);
    private static final Instant LONG_AGO = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofDays(2));

    @Test
    void aThousandFinishedReplaysLeaveEachEngineInstancesControlIndexAtTheUnfinishedOnes(KafkaCluster cluster)
            throws Exception {
        Map<String, Object> client = cluster.clientConfig();
        int expected;
        try (ControlTopic service = ControlTopic.start(client, REGISTRY);
             ControlLog engine = ControlLog.start(ControlLog.Options.of(client, REGISTRY));
             KafkaProducer<byte[], byte[]> producer = producer(cluster)) {
            ControlRecords records = new ControlRecords(ControlRecords.serializer(REGISTRY), RewindTopics.CONTROL);
            // other tests of this class share the cluster: count from what they left
            assertThat(engine.awaitCaughtUp(PATIENCE)).isTrue();
            int before = engine.index().size();
            for (int i = 0; i < 1000; i++) {
                ReplayId id = ReplayId.of("finished-" + i);
                producer.send(records.record(start(id)));
                producer.send(records.record(new ReplayPlan(id, V2, TP, 0, 10, LONG_AGO)));
                producer.send(records.record(progress(id, ReplayProgress.State.COMPLETED)));
            }
            ReplayId running = ReplayId.of("still-running");
            producer.send(records.record(start(running)));
            producer.send(records.record(new ReplayPlan(running, V2, TP, 0, 10, LONG_AGO)));
            producer.send(records.record(progress(running, ReplayProgress.State.RUNNING)));
            producer.flush();
            assertThat(engine.awaitCaughtUp(PATIENCE)).isTrue();
            assertThat(engine.index().size()).isEqualTo(before + 1001);

            ControlRetention retention = new ControlRetention(service,
                    r -> ReplayAggregator.status(r, Set.of()).state().isTerminal(), Duration.ofDays(1),
                    Clock.systemUTC());
            service.awaitCaughtUp(PATIENCE);
            assertThat(retention.sweep()).hasSize(1000).doesNotContain(running);

            assertThat(engine.awaitCaughtUp(PATIENCE)).isTrue();
            assertThat(engine.index().size()).isEqualTo(before + 1);
            assertThat(engine.index().replay(running)).isPresent();
            assertThat(service.index().size()).isEqualTo(before + 1);
            expected = before + 1;
        }
        // a new instance reading from the beginning ends with the same bounded index
        try (ControlLog late = ControlLog.start(ControlLog.Options.of(client, REGISTRY))) {
            assertThat(late.awaitCaughtUp(PATIENCE)).isTrue();
            assertThat(late.index().size()).isEqualTo(expected);
        }
    }

    @Test
    void aFinishedReplayStaysListedUntilItsRetentionHasPassed(KafkaCluster cluster) throws Exception {
        Map<String, Object> client = cluster.clientConfig();
        try (ControlTopic service = ControlTopic.start(client, REGISTRY)) {
            ReplayId recent = ReplayId.of("recent-" + System.nanoTime());
            service.write(start(recent));
            service.write(new ReplayProgress(recent, V2, TP, 10, ReplayCounts.ZERO, ReplayProgress.State.COMPLETED,
                    Instant.now(), "i-1", Optional.empty()));

            ControlRetention retention = new ControlRetention(service, r -> true, Duration.ofDays(1),
                    Clock.systemUTC());

            assertThat(retention.sweep()).doesNotContain(recent);
            assertThat(service.index().replay(recent)).isPresent();
        }
    }

    private static StartReplay start(ReplayId id) {
        return new StartReplay(id, V2, CohortSelector.customer("acme"),
                ReplayWindow.of(LONG_AGO.minusSeconds(600), LONG_AGO), false, OptionalDouble.empty(), "fix", "ann",
                LONG_AGO);
    }

    private static ReplayProgress progress(ReplayId id, ReplayProgress.State state) {
        return new ReplayProgress(id, V2, TP, 10, new ReplayCounts(1, 9, 0), state, LONG_AGO.plusSeconds(1), "i-1",
                Optional.empty());
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaCluster cluster) {
        Map<String, Object> config = cluster.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
