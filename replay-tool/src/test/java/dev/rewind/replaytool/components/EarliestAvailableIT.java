package dev.rewind.replaytool.components;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.replaytool.testing.LiveMember;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code earliestAvailable} is decided per partition from what was actually deleted, not from the
 * time of the first record that happens to remain.
 */
@ExtendWith(KafkaClusterExtension.class)
class EarliestAvailableIT {

    private static final Duration RETENTION = Duration.ofDays(7);

    @Test
    void aQuietPartitionWhoseOnlyOldRecordWasDeletedAndThatGotANewOneStillHoldsTheRetentionWindow(
            KafkaCluster cluster) throws Exception {
        String topic = "quiet-" + System.nanoTime() % 1_000_000;
        cluster.admin().createTopics(List.of(new NewTopic(topic, 2, (short) 1).configs(Map.of(
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(RETENTION.toMillis()))))).all().get();
        Instant now = Instant.now();
        // partition 1 is busy and lost nothing; partition 0 is quiet: one record older than the retention,
        // deleted as retention deletes it, then one new record
        send(cluster, topic, 1, now.minus(Duration.ofMinutes(30)));
        send(cluster, topic, 0, now.minus(RETENTION).minus(Duration.ofDays(1)));
        cluster.admin().deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(1))).all().get();
        send(cluster, topic, 0, now);

        try (LiveMember member = LiveMember.join(cluster.bootstrapServers(), "quiet.v1", topic)) {
            ComponentCatalog catalog = new ComponentCatalog(cluster.admin(), component -> Set.of());
            Instant earliest = catalog.earliestAvailable("quiet").orElseThrow();

            // main answered the new record's time: every replay of the last minutes was refused
            assertThat(earliest).isBefore(now.minus(RETENTION).plus(Duration.ofMinutes(5)))
                    .isAfter(now.minus(RETENTION).minus(Duration.ofMinutes(5)));
        }
    }

    @Test
    void aPartitionTruncatedOnATopicWithoutTimeRetentionHoldsOnlyFromItsFirstRetainedRecord(KafkaCluster cluster)
            throws Exception {
        String topic = "kept-" + System.nanoTime() % 1_000_000;
        cluster.admin().createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of(
                TopicConfig.RETENTION_MS_CONFIG, "-1")))).all().get();
        Instant now = Instant.now();
        send(cluster, topic, 0, now.minus(Duration.ofHours(3)));
        send(cluster, topic, 0, now.minus(Duration.ofHours(2)));
        cluster.admin().deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(1))).all().get();

        try (LiveMember member = LiveMember.join(cluster.bootstrapServers(), "kept.v1", topic)) {
            ComponentCatalog catalog = new ComponentCatalog(cluster.admin(), component -> Set.of());

            assertThat(catalog.earliestAvailable("kept"))
                    .contains(Instant.ofEpochMilli(now.minus(Duration.ofHours(2)).toEpochMilli()));
        }
    }

    private static void send(KafkaCluster cluster, String topic, int partition, Instant timestamp) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, partition, timestamp.toEpochMilli(), "k", "v")).get();
        }
    }
}
