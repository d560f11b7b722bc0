package dev.rewind.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore checkpoint on a real broker: a store whose local copy is intact restores only the
 * changelog after its checkpoint, and the state is the committed one whatever the local copy holds
 * beyond the checkpoint (an unclean stop) or without one.
 */
@ExtendWith(KafkaClusterExtension.class)
class StateCheckpointIT {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final KafkaCluster cluster;
    private ComponentVersion cv;

    StateCheckpointIT(KafkaCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void changelog() {
        cv = new ComponentVersion("checkpoint-" + UUID.randomUUID().toString().substring(0, 8), "v1");
        StateChangelog.ensureTopic(cluster.clientConfig(), cv, 1);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private static String read(PartitionStateStore store, String entity) {
        return store.get(b(entity), t(999)).map(v -> new String(v, StandardCharsets.UTF_8)).orElse(null);
    }

    /** Runs {@code writes} on the store in one committed Kafka transaction, then applies them locally. */
    private void commitTransaction(PartitionStateStore store, String transactionalId,
                                   Consumer<PartitionStateStore> writes) {
        Map<String, Object> config = cluster.clientConfig();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            writes.accept(store);
            store.sendChangelog(producer);
            producer.commitTransaction();
            store.commit();
        }
    }

    @Test
    void aRestartWithACheckpointRestoresOnlyTheChangelogTailWrittenSince(@TempDir Path first,
                                                                          @TempDir Path other) {
        try (StateStores stores = StateStores.create(StateStores.Options.in(first))) {
            PartitionStateStore store = stores.open(cv, 0);
            assertThat(store.restore(cluster.clientConfig())).isZero();
            commitTransaction(store, cv.groupId() + "-a", s -> {
                s.put(b("p1"), t(10), 1, b("p1@10"));
                s.put(b("p2"), t(10), 2, b("p2@10"));
                s.put(b("p3"), t(10), 3, b("p3@10"));
            });
        } // clean close: checkpoint after the three records
        try (StateStores stores = StateStores.create(StateStores.Options.in(other))) {
            // the partition moved to another instance, which wrote two more records
            PartitionStateStore store = stores.open(cv, 0);
            assertThat(store.restore(cluster.clientConfig())).as("no local copy: the whole changelog").isEqualTo(3);
            commitTransaction(store, cv.groupId() + "-b", s -> {
                s.put(b("p1"), t(20), 4, b("p1@20"));
                s.delete(b("p2"), t(20), 5);
            });
        }

        try (StateStores stores = StateStores.create(StateStores.Options.in(first))) {
            PartitionStateStore store = stores.open(cv, 0);

            long restored = store.restore(cluster.clientConfig());

            assertThat(restored).as("only the records written after the checkpoint").isEqualTo(2);
            assertThat(read(store, "p1")).isEqualTo("p1@20");
            assertThat(read(store, "p2")).isNull();
            assertThat(store.get(b("p2"), t(15))).map(String::new).contains("p2@10");
            assertThat(read(store, "p3")).isEqualTo("p3@10");
            assertThat(store.changelogOffset().orElseThrow()).isGreaterThan(5);
        }
    }

    @Test
    void stateWrittenPastTheCheckpointBeforeAnUncleanStopRestoresToTheCommittedState(@TempDir Path dir)
            throws Exception {
        Path checkpointFile;
        byte[] checkpointAtStart;
        try (StateStores stores = StateStores.create(StateStores.Options.in(dir))) {
            PartitionStateStore store = stores.open(cv, 0);
            store.restore(cluster.clientConfig());
            checkpointFile = dir.resolve(cv.groupId()).resolve("partition-0").resolve(PartitionStateStore.CHECKPOINT_FILE);
            checkpointAtStart = Files.readAllBytes(checkpointFile);
            commitTransaction(store, cv.groupId() + "-a", s -> {
                s.put(b("p1"), t(10), 1, b("p1@10"));
                s.put(b("p2"), t(10), 2, b("p2@10"));
            });
            commitTransaction(store, cv.groupId() + "-a", s -> {
                s.forgetFrom(List.of(b("p1")), t(10));
                s.put(b("p2"), t(20), 3, b("p2@20"));
            });
        }
        // as if killed after RocksDB flushed those writes but before a newer checkpoint was written
        Files.write(checkpointFile, checkpointAtStart);

        try (StateStores stores = StateStores.create(StateStores.Options.in(dir))) {
            PartitionStateStore store = stores.open(cv, 0);

            long restored = store.restore(cluster.clientConfig());

            assertThat(restored).as("everything after the old checkpoint, again").isEqualTo(4);
            assertThat(read(store, "p1")).isNull();
            assertThat(read(store, "p2")).isEqualTo("p2@20");
        }
    }

    @Test
    void withoutACheckpointTheLocalCopyIsDiscardedAndTheWholeChangelogRestored(@TempDir Path dir) throws Exception {
        try (StateStores stores = StateStores.create(StateStores.Options.in(dir))) {
            PartitionStateStore store = stores.open(cv, 0);
            store.restore(cluster.clientConfig());
            commitTransaction(store, cv.groupId() + "-a", s -> s.put(b("p1"), t(10), 1, b("p1@10")));
            // a local write the changelog never committed: what a store holding uncommitted data would have
            store.put(b("ghost"), t(10), 2, b("uncommitted"));
            store.sendChangelog(new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()));
            store.commit();
        }
        Files.delete(dir.resolve(cv.groupId()).resolve("partition-0").resolve(PartitionStateStore.CHECKPOINT_FILE));

        try (StateStores stores = StateStores.create(StateStores.Options.in(dir))) {
            PartitionStateStore store = stores.open(cv, 0);

            assertThat(store.restore(cluster.clientConfig())).isEqualTo(1);
            assertThat(read(store, "p1")).isEqualTo("p1@10");
            assertThat(read(store, "ghost")).as("the local copy was discarded").isNull();
        }
    }

    @Test
    void aCheckpointBeyondTheChangelogEndIsIgnored(@TempDir Path dir) throws Exception {
        try (StateStores stores = StateStores.create(StateStores.Options.in(dir))) {
            PartitionStateStore store = stores.open(cv, 0);
            store.restore(cluster.clientConfig());
            commitTransaction(store, cv.groupId() + "-a", s -> s.put(b("p1"), t(10), 1, b("p1@10")));
        }
        // e.g. the changelog topic was deleted and re-created since
        Files.writeString(dir.resolve(cv.groupId()).resolve("partition-0").resolve(PartitionStateStore.CHECKPOINT_FILE),
                "0\n1\n" + StateChangelog.topicName(cv) + " 0 1000\n");

        try (StateStores stores = StateStores.create(StateStores.Options.in(dir))) {
            PartitionStateStore store = stores.open(cv, 0);

            assertThat(store.restore(cluster.clientConfig())).isEqualTo(1);
            assertThat(read(store, "p1")).isEqualTo("p1@10");
        }
    }
}
