package dev.rewind.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaClusterExtension.class)
class StateRestoreIT {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void anotherInstanceRestoresExactlyTheCommittedStateFromTheChangelog(KafkaCluster cluster,
            @TempDir Path first, @TempDir Path second) {
        ComponentVersion cv = new ComponentVersion("restore-" + UUID.randomUUID().toString().substring(0, 8), "v1");
        StateChangelog.ensureTopic(cluster.clientConfig(), cv, 2);
        Map<String, Object> producerConfig = cluster.clientConfig();
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, cv.groupId() + "-1");

        try (StateStores stores = StateStores.create(StateStores.Options.in(first));
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig,
                        new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            PartitionStateStore store = stores.open(cv, 1);

            producer.beginTransaction();
            store.put(b("p1"), t(10), 1, b("p1@10"));
            store.put(b("p1"), t(20), 2, b("p1@20"));
            store.put(b("p2"), t(10), 3, b("p2@10"));
            store.put(b("p3"), t(10), 4, b("p3@10"));
            store.sendChangelog(producer);
            producer.commitTransaction();
            store.commit();

            producer.beginTransaction();
            store.put(b("p1"), t(30), 5, b("aborted"));
            store.sendChangelog(producer);
            producer.abortTransaction();
            store.abort();

            producer.beginTransaction();
            store.forgetFrom(List.of(b("p1")), t(20));
            store.delete(b("p2"), t(15), 6);
            store.sendChangelog(producer);
            producer.commitTransaction();
            store.commit();
        }

        try (StateStores stores = StateStores.create(StateStores.Options.in(second))) {
            PartitionStateStore restored = stores.open(cv, 1);
            restored.put(b("stale"), t(1), 0, b("local leftovers"));
            restored.sendChangelog(new org.apache.kafka.clients.producer.MockProducer<>(true, null,
                    new ByteArraySerializer(), new ByteArraySerializer()));
            restored.commit();

            long applied = restored.restore(cluster.clientConfig());

            assertThat(applied).as("4 puts, 1 removal, 1 deletion version").isEqualTo(6);
            assertThat(restored.get(b("p1"), t(99))).map(String::new).contains("p1@10");
            assertThat(restored.get(b("p2"), t(12))).map(String::new).contains("p2@10");
            assertThat(restored.get(b("p2"), t(99))).isEmpty();
            assertThat(restored.get(b("p3"), t(99))).map(String::new).contains("p3@10");
            assertThat(restored.get(b("stale"), t(99))).as("restore starts from an empty store").isEmpty();
            PartitionStateStore otherPartition = stores.open(cv, 0);
            assertThat(otherPartition.restore(cluster.clientConfig())).isZero();
        }
    }
}
