package dev.rewind.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.StateStore;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaClusterExtension.class)
class EntityStatesIT {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static long offsets;

    private static Event event(String key, int partition, int seconds) {
        GenericData.Record payload = new GenericData.Record(
                SchemaBuilder.record("E").fields().requiredString("eventId").endRecord());
        payload.put("eventId", "e" + offsets);
        return Event.builder().eventId("e" + offsets).time(T0.plusSeconds(seconds)).payload(payload)
                .source("events", partition, offsets++).key(key).build();
    }

    private static void write(EntityStates states, Event event, String value, boolean keep) {
        StateStore store = states.storeFor(event);
        store.putString(value);
        if (keep) {
            states.keepEvent();
        } else {
            states.discardEvent();
        }
    }

    @Test
    void stateFollowsTransactionsAndMovesToAnotherInstanceThroughTheChangelog(KafkaCluster cluster,
            @TempDir Path first, @TempDir Path second) {
        ComponentVersion cv = new ComponentVersion("states-" + UUID.randomUUID().toString().substring(0, 8), "v1");
        StateChangelog.ensureTopic(cluster.clientConfig(), cv, 2);
        Map<String, Object> producerConfig = cluster.clientConfig();
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, cv.groupId() + "-0");

        try (StateStores stores = StateStores.create(StateStores.Options.in(first));
                EntityStates states = new EntityStates(stores, cv, cluster.clientConfig());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig,
                        new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            assertThat(states.assign(1)).isZero();
            assertThatThrownBy(() -> states.storeFor(event("p1", 0, 1))).hasMessageContaining("assign(0)");

            producer.beginTransaction();
            write(states, event("p1", 1, 10), "p1@10", true);
            write(states, event("p2", 1, 10), "failed", false);
            write(states, event("p1", 1, 20), "p1@20", true);
            states.drainChangelog().forEach(producer::send);
            producer.commitTransaction();
            states.committed();

            producer.beginTransaction();
            write(states, event("p2", 1, 30), "aborted", true);
            states.drainChangelog().forEach(producer::send);
            producer.abortTransaction();
            states.aborted();

            try (StateSandbox sandbox = states.sandboxAsOf(T0.plusSeconds(20))) {
                StateStore dry = sandbox.apply(event("p1", 1, 25));
                assertThat(dry.getString()).as("committed state before 'from'").contains("p1@10");
                dry.putString("dry");
                assertThat(sandbox.apply(event("p1", 1, 26)).getString()).contains("dry");
                assertThat(sandbox.apply(event("p9", 0, 26)).getString()).as("a partition not assigned here")
                        .isEmpty();
            }
            assertThat(states.storeFor(event("p1", 1, 27)).getString()).as("real state untouched").contains("p1@20");
            states.discardEvent();

            producer.beginTransaction();
            states.forgetFrom(event("p1", 1, 40), T0.plusSeconds(20));
            write(states, event("p3", 1, 40), "p3@40", true);
            states.drainChangelog().forEach(producer::send);
            producer.commitTransaction();
            states.committed();
        }

        try (StateStores stores = StateStores.create(StateStores.Options.in(second));
                EntityStates moved = new EntityStates(stores, cv, cluster.clientConfig())) {
            assertThat(moved.assign(1)).isEqualTo(4);

            assertThat(moved.storeFor(event("p1", 1, 99)).getString()).contains("p1@10");
            moved.keepEvent();
            assertThat(moved.storeFor(event("p2", 1, 99)).getString()).isEmpty();
            moved.keepEvent();
            assertThat(moved.storeFor(event("p3", 1, 99)).getString()).contains("p3@40");
            moved.discardEvent();
            moved.revoke(1);
            assertThatThrownBy(() -> moved.storeFor(event("p3", 1, 99))).hasMessageContaining("not assigned");
        }
    }
}
