package dev.rewind.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.state.internal.OffsetCheckpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoresTest {

    private static final ComponentVersion CV = new ComponentVersion("rc", "v1");

    @Test
    void aStateDirectoryIsUsedByOneSetOfStoresAtATime(@TempDir Path dir) {
        try (StateStores stores = StateStores.create(StateStores.Options.in(dir))) {
            assertThatThrownBy(() -> StateStores.create(StateStores.Options.in(dir)))
                    .isInstanceOf(StateDirectoryLockedException.class).hasMessageContaining(dir.toString())
                    .hasMessageContaining("instance.id");
        }
        StateStores.create(StateStores.Options.in(dir)).close();
    }

    @Test
    void aStoreKeepsItsDataAndCheckpointFileAcrossReopening(@TempDir Path dir) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        Path checkpointFile = dir.resolve(CV.groupId()).resolve("partition-2").resolve(PartitionStateStore.CHECKPOINT_FILE);
        try (StateStores stores = StateStores.create(StateStores.Options.in(dir))) {
            PartitionStateStore store = stores.open(CV, 2);
            store.put("p1".getBytes(StandardCharsets.UTF_8), t, 1, "kept".getBytes(StandardCharsets.UTF_8));
            store.sendChangelog(new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()));
            store.commit();
            assertThat(store.checkpoint()).as("not restored: the store does not know its changelog offset").isEmpty();
            new OffsetCheckpoint(checkpointFile).write(Map.of(new TopicPartition(store.changelogTopic(), 2), 7L));
        }

        try (StateStores stores = StateStores.create(StateStores.Options.in(dir))) {
            PartitionStateStore store = stores.open(CV, 2);

            assertThat(store.get("p1".getBytes(StandardCharsets.UTF_8), t)).map(String::new).contains("kept");
            assertThat(new OffsetCheckpoint(checkpointFile).read()).containsValue(7L);
        }
    }
}
