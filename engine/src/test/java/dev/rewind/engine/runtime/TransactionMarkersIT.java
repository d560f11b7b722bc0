package dev.rewind.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.demo.release.CommitPushed;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessorContext;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.testsupport.SchemaRegistryExtension;
import dev.rewind.schemas.avro.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Lag edge cases: a partition whose log ends in transaction markers and an aborted transaction. */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class TransactionMarkersIT {

    private final SchemaRegistryServer registry;

    TransactionMarkersIT(SchemaRegistryServer registry) {
        this.registry = registry;
    }

    static final class Quiet implements EventProcessor {
        @Override
        public void process(Event event, ProcessorContext context) {
        }
    }

    @Test
    void aPartitionEndingInTransactionMarkersReachesLagZero(KafkaCluster cluster, @TempDir Path stateDir)
            throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, registry.url(), stateDir, 1, (short) 1)) {
            fixture.routeEverythingTo("v1");
            fixture.start(fixture.settings("v1", "a"), Quiet::new);
            Map<String, Object> props = new HashMap<>(cluster.clientConfig());
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "markers-" + fixture.component);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(record(fixture, RuntimeFixture.event("committed-1", "acme", "p")));
                producer.send(record(fixture, RuntimeFixture.event("committed-2", "acme", "p")));
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(record(fixture, RuntimeFixture.event("aborted-1", "acme", "p")));
                producer.flush();
                producer.abortTransaction();
            }

            List<Outcome> outcomes = fixture.outcomes(list -> list.size() >= 2);
            assertThat(outcomes).extracting(Outcome::getEventId).containsExactly("committed-1", "committed-2");
            TopicPartition partition = new TopicPartition(fixture.source, 0);
            long end = cluster.admin().listOffsets(Map.of(partition, OffsetSpec.latest())).all().get()
                    .get(partition).offset();
            assertThat(end).as("2 events, a commit marker, 1 aborted event, an abort marker").isEqualTo(5);
            await().atMost(RuntimeFixture.PATIENCE).untilAsserted(() -> {
                OffsetAndMetadata committed = cluster.admin().listConsumerGroupOffsets(fixture.component + ".v1")
                        .partitionsToOffsetAndMetadata().get().get(partition);
                assertThat(committed).isNotNull();
                assertThat(end - committed.offset()).as("lag").isZero();
            });
        }
    }

    private static ProducerRecord<byte[], byte[]> record(RuntimeFixture fixture, CommitPushed event) {
        return new ProducerRecord<>(fixture.source, 0, "p".getBytes(StandardCharsets.UTF_8), fixture.serialize(event));
    }
}
