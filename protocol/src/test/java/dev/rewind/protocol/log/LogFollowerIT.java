package dev.rewind.protocol.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class LogFollowerIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void deliversEveryRecordFromTheBeginningAndEveryWriteBeforeAwaitCaughtUpReturns(KafkaCluster cluster)
            throws Exception {
        String topic = "follower-it-all";
        cluster.createTopic(topic, 2, (short) 1);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        try (KafkaProducer<String, String> producer = producer(cluster)) {
            producer.send(new ProducerRecord<>(topic, 0, "a", "1")).get();
            producer.send(new ProducerRecord<>(topic, 1, "b", "2")).get();
            try (LogFollower<String, String> follower = LogFollower.start(options(cluster, topic),
                    (raw, key, value) -> seen.add(key + "=" + value))) {
                assertThat(follower.awaitCaughtUp(PATIENCE)).isTrue();
                assertThat(seen).containsExactlyInAnyOrder("a=1", "b=2");

                producer.send(new ProducerRecord<>(topic, 0, "a", null)).get();
                assertThat(follower.awaitCaughtUp(PATIENCE)).isTrue();
                assertThat(seen).containsExactlyInAnyOrder("a=1", "b=2", "a=null");
            }
        }
    }

    @Test
    void readsARecordAgainAfterATransientFailureAndSkipsNothing(KafkaCluster cluster) throws Exception {
        String topic = "follower-it-transient";
        cluster.createTopic(topic, 1, (short) 1);
        AtomicInteger failuresLeft = new AtomicInteger(3);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        LogFollower.Options<String, String> options = options(cluster, topic)
                .alsoTransient(e -> e instanceof IllegalStateException);
        try (KafkaProducer<String, String> producer = producer(cluster);
             LogFollower<String, String> follower = LogFollower.start(options, (raw, key, value) -> {
                 if (key.equals("2") && failuresLeft.getAndDecrement() > 0) {
                     throw new IllegalStateException("registry unreachable");
                 }
                 seen.add(key);
             })) {
            for (String key : List.of("1", "2", "3")) {
                producer.send(new ProducerRecord<>(topic, key, key)).get();
            }
            assertThat(follower.awaitCaughtUp(PATIENCE)).isTrue();
            assertThat(seen).containsExactly("1", "2", "3");
            assertThat(failuresLeft.get()).isNegative();
        }
    }

    @Test
    void skipsARecordThatCannotBeDecodedAndGoesOn(KafkaCluster cluster) throws Exception {
        String topic = "follower-it-poison";
        cluster.createTopic(topic, 1, (short) 1);
        Deserializer<String> picky = (t, data) -> {
            String text = new String(data, java.nio.charset.StandardCharsets.UTF_8);
            if (text.equals("poison")) {
                throw new IllegalArgumentException("not a value: " + text);
            }
            return text;
        };
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        LogFollower.Options<String, String> options = LogFollower.Options.of(topic, cluster.clientConfig(),
                new StringDeserializer(), picky);
        try (KafkaProducer<String, String> producer = producer(cluster);
             LogFollower<String, String> follower = LogFollower.start(options,
                     (raw, key, value) -> seen.add(value))) {
            for (String value : List.of("ok-1", "poison", "ok-2")) {
                producer.send(new ProducerRecord<>(topic, "k", value)).get();
            }
            assertThat(follower.awaitCaughtUp(PATIENCE)).isTrue();
            assertThat(seen).containsExactly("ok-1", "ok-2");
        }
    }

    @Test
    void waitsForATopicCreatedAfterItStarted(KafkaCluster cluster) throws Exception {
        String topic = "follower-it-late";
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        try (LogFollower<String, String> follower = LogFollower.start(options(cluster, topic),
                (raw, key, value) -> seen.add(value));
             KafkaProducer<String, String> producer = producer(cluster)) {
            cluster.createTopic(topic, 1, (short) 1);
            producer.send(new ProducerRecord<>(topic, "k", "late")).get();
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(seen).containsExactly("late"));
        }
    }

    @Test
    void doesNotCreateTheTopicItWaitsFor(KafkaCluster cluster) throws Exception {
        String topic = "follower-it-absent";
        try (LogFollower<String, String> follower = LogFollower.start(options(cluster, topic),
                (raw, key, value) -> { })) {
            // The follower asks for the topic's partitions as soon as it starts, then every back-off;
            // a broker with auto.create.topics.enable (the default) would create it on that request.
            assertThat(follower.awaitCaughtUp(Duration.ofSeconds(3))).isFalse();
            assertThat(cluster.admin().listTopics().names().get()).doesNotContain(topic);
        }
    }

    @Test
    void aStartUpThatCannotCatchUpFailsNamingTheTopic(KafkaCluster cluster) {
        String topic = "follower-it-never-created";
        try (LogFollower<String, String> follower = LogFollower.start(options(cluster, topic),
                (raw, key, value) -> { })) {
            assertThatThrownBy(() -> follower.requireCaughtUp(Duration.ofSeconds(2)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(topic).hasMessageContaining("to its end within PT2S");
        }
    }

    @Test
    void reportsThePositionAfterEachBatch(KafkaCluster cluster) throws Exception {
        String topic = "follower-it-position";
        cluster.createTopic(topic, 1, (short) 1);
        AtomicInteger position = new AtomicInteger();
        try (KafkaProducer<String, String> producer = producer(cluster)) {
            producer.send(new ProducerRecord<>(topic, "k", "1")).get();
            producer.send(new ProducerRecord<>(topic, "k", "2")).get();
        }
        LogFollower.Listener<String, String> listener = new LogFollower.Listener<>() {
            @Override
            public void onRecord(ConsumerRecord<byte[], byte[]> raw, String key, String value) {
            }

            @Override
            public void onPosition(org.apache.kafka.common.TopicPartition partition, long nextOffset) {
                position.set((int) nextOffset);
            }
        };
        try (LogFollower<String, String> follower = LogFollower.start(options(cluster, topic), listener)) {
            assertThat(follower.awaitCaughtUp(PATIENCE)).isTrue();
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(position.get()).isEqualTo(2));
        }
    }

    private static LogFollower.Options<String, String> options(KafkaCluster cluster, String topic) {
        return LogFollower.Options.of(topic, cluster.clientConfig(), new StringDeserializer(),
                new StringDeserializer());
    }

    private static KafkaProducer<String, String> producer(KafkaCluster cluster) {
        Map<String, Object> config = cluster.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }
}
