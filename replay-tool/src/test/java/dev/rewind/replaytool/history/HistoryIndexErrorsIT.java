package dev.rewind.replaytool.history;

import static dev.rewind.replaytool.history.internal.Records.cohort;
import static dev.rewind.replaytool.history.internal.Records.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.demo.release.CommitPushed;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.schemas.avro.Cohort;
import dev.rewind.schemas.serde.AvroSerializer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 8 in the history index: an event whose index records could never be written (an event id
 * of 600,000 characters is the key and part of the value of the index's repartition record, twice the
 * producer's {@code max.request.size}) is skipped with a WARN, and the index goes on with the next
 * record of the same partition instead of failing its transaction and replacing its stream thread
 * forever (it did on main).
 */
@ExtendWith(KafkaClusterExtension.class)
class HistoryIndexErrorsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void aRecordTheIndexCannotWriteIsDroppedAndTheNextOneOfItsPartitionIsIndexed(KafkaCluster cluster,
            @TempDir Path stateDir) throws Exception {
        String prefix = "histerr-" + System.nanoTime() % 1_000_000;
        cluster.createTopic(prefix + ".commits", 1, (short) 1);
        cluster.createTopic(prefix + ".outcomes", 1, (short) 1);
        Map<String, Object> props = new HashMap<>();
        props.put(HistoryConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(HistoryConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + prefix);
        props.put(HistoryConfig.APPLICATION_ID_CONFIG, prefix + "-history");
        props.put(HistoryConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(HistoryConfig.SOURCE_TOPICS_CONFIG, prefix + ".commits");
        props.put(HistoryConfig.OUTCOMES_TOPIC_CONFIG, prefix + ".outcomes");
        props.put(HistoryConfig.DLQ_PATTERN_CONFIG, prefix + "\\.dlq\\..+");
        props.put(HistoryConfig.COMMIT_INTERVAL_MS_CONFIG, 100L);
        props.put(HistoryConfig.PARTITIONS_CONFIG, 1);
        props.put(HistoryConfig.STREAMS_PREFIX + "num.stream.threads", 1);

        try (HistoryIndex index = HistoryIndex.start(new HistoryConfig(props))) {
            index.awaitRunning(PATIENCE);
            Map<String, Object> client = cluster.clientConfig();
            client.put(ProducerConfig.ACKS_CONFIG, "all");
            client.put("schema.registry.url", "mock://" + prefix);
            AvroSerializer serializer = new AvroSerializer();
            serializer.configure(client, false);
            Cohort acme = cohort("acme", "gold", "p1");
            try (KafkaProducer<String, Object> producer = new KafkaProducer<>(client, new StringSerializer(),
                    serializer)) {
                producer.send(new ProducerRecord<>(prefix + ".commits", "p1", commit("e".repeat(600_000), acme))).get();
                CommitPushed longCustomer = commit("long-customer", cohort("c".repeat(200_000), "gold", "p1"));
                producer.send(new ProducerRecord<>(prefix + ".commits", "p1", longCustomer)).get();
                producer.send(new ProducerRecord<>(prefix + ".commits", "p1", commit("after", acme))).get();
            }

            await().atMost(PATIENCE).ignoreExceptions()
                    .until(() -> index.event("after").isPresent());
            assertThat(index.isRunning()).isTrue();
            assertThat(index.event("long-customer")).isEmpty();
        }
    }
}
