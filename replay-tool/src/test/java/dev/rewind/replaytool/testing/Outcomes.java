package dev.rewind.replaytool.testing;

import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.serde.AvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads what the versions committed to {@code rewind.outcomes}, for the service's end-to-end tests. */
public final class Outcomes {

    private Outcomes() {
    }

    /** Every committed outcome of {@code component} up to the topic's current end (waits at most 60 s). */
    public static List<Outcome> of(KafkaCluster cluster, String registryUrl, String component) {
        Map<String, Object> config = new HashMap<>(cluster.clientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Outcome> result = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             AvroDeserializer deserializer = new AvroDeserializer()) {
            deserializer.configure(Map.of("schema.registry.url", registryUrl, "specific.avro.reader", true), false);
            List<TopicPartition> partitions = consumer.partitionsFor("rewind.outcomes").stream()
                    .map(p -> new TopicPartition("rewind.outcomes", p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() != null && deserializer.deserialize(r.topic(), r.value()) instanceof Outcome o
                            && o.getComponent().equals(component)) {
                        result.add(o);
                    }
                });
            }
        }
        return result;
    }
}
