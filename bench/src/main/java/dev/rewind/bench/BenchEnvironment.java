package dev.rewind.bench;

import dev.rewind.demo.release.CommitPushed;
import dev.rewind.kafka.embedded.EmbeddedKafka;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.schemas.avro.Cohort;
import dev.rewind.schemas.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** One in-JVM broker and registry, the preloaded source topic, and progress measurement by group offsets. */
final class BenchEnvironment implements AutoCloseable {

    static final int PARTITIONS = 6;
    static final String SOURCE = "bench-source";

    final EmbeddedKafka kafka;
    final SchemaRegistryServer registry;
    final Admin admin;
    private final AvroSerializer serializer = new AvroSerializer();

    BenchEnvironment() {
        kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults());
        registry = SchemaRegistryServer.start(SchemaRegistryServer.Options.of(kafka.bootstrapServers()));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        serializer.configure(Map.of("schema.registry.url", registry.url()), false);
    }

    Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return config;
    }

    void createTopic(String name) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, Optional.of(PARTITIONS), Optional.empty()))).all()
                .get(60, TimeUnit.SECONDS);
    }

    /** An event of about 200 serialized bytes. */
    CommitPushed event(long n) {
        return CommitPushed.newBuilder().setEventId(String.format("evt-%012d-%s", n, "a1b2c3d4e5f6"))
                .setCohort(Cohort.newBuilder().setCustomer("customer-" + (n % 50)).setPlan(n % 3 == 0 ? "enterprise" : "team")
                        .setProject("project-" + (n % 500)).build())
                .setRepository("github.com/rewind-demo/service-" + (n % 20)).setBranch("main")
                .setCommitSha(String.format("%040x", n * 2654435761L)).setAuthor("developer-" + (n % 30)).build();
    }

    byte[] encode(Object value) {
        return serializer.serialize(SOURCE, value);
    }

    KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> config = clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Writes {@code count} events to the source topic; returns the mean serialized size. */
    double preload(int count) throws Exception {
        createTopic(SOURCE);
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < count; i++) {
                CommitPushed event = event(i);
                byte[] value = encode(event);
                bytes += value.length;
                producer.send(new ProducerRecord<>(SOURCE, event.getCohort().getProject().getBytes(StandardCharsets.UTF_8),
                        value));
            }
            producer.flush();
        }
        return (double) bytes / count;
    }

    /** Sum of the end offsets of the source topic. */
    long sourceEnd() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = partitions().stream()
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get(60, TimeUnit.SECONDS).values().stream()
                .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
    }

    /** Waits until {@code group} has committed offsets up to the source end; returns when that happened. */
    Instant awaitCommitted(String group, long end, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(60, TimeUnit.SECONDS);
            long sum = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(SOURCE))
                    .mapToLong(e -> e.getValue() == null ? 0 : e.getValue().offset()).sum();
            if (sum >= end) {
                return Instant.now();
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new IllegalStateException("Group " + group + " did not commit up to " + end + " within " + timeout);
    }

    List<TopicPartition> partitions() {
        return java.util.stream.IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(SOURCE, p)).toList();
    }

    @Override
    public void close() {
        serializer.close();
        admin.close();
        registry.close();
        kafka.close();
    }
}
