package dev.rewind.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.schemas.registry.SchemaRegistryClient;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.schemas.serde.AvroSerdeConfig;
import dev.rewind.schemas.serde.AvroSerializer;
import dev.rewind.schemas.serde.WireFormat;

/** The serde and the caching client against the running registry, through a topic on a real broker. */
@ExtendWith(KafkaClusterExtension.class)
class SerdeRoundTripIT {

    private static final Schema DEPLOY = new Schema.Parser().parse("""
            {"type": "record", "name": "Deploy", "namespace": "dev.rewind.it", "fields": [
              {"name": "eventId", "type": "string"},
              {"name": "environment", "type": "string"},
              {"name": "durationMs", "type": "long"}]}""");

    @Test
    void recordsWrittenWithTheSerializerComeBackThroughTheDeserializer(KafkaCluster cluster) {
        String topic = "deploys-" + System.nanoTime();
        cluster.createTopic(topic, 1, (short) 1);
        try (SchemaRegistryServer registry = SchemaRegistryServerIT.start(cluster, SchemaRegistryServerIT.uniqueTopic())) {
            Map<String, Object> serdeConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
            List<GenericRecord> sent = List.of(deploy("e-1", "prod", 1200), deploy("e-2", "staging", 800));
            produce(cluster, topic, serdeConfig, sent);

            List<ConsumerRecord<String, byte[]>> received = consume(cluster, topic, sent.size());

            SchemaRegistryClient client = SchemaRegistryServerIT.client(registry);
            int id = client.getLatest(topic + "-value").id();
            try (AvroDeserializer deserializer = new AvroDeserializer()) {
                deserializer.configure(serdeConfig, false);
                List<Object> values = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : received) {
                    assertThat(WireFormat.schemaId(record.value())).isEqualTo(id);
                    values.add(deserializer.deserialize(topic, record.value()));
                }
                assertThat(values).containsExactlyElementsOf(sent);
            }
            assertThat(client.getById(id)).isEqualTo(DEPLOY);
        }
    }

    private static void produce(KafkaCluster cluster, String topic, Map<String, Object> serdeConfig,
                                List<GenericRecord> records) {
        Map<String, Object> config = cluster.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        AvroSerializer serializer = new AvroSerializer();
        serializer.configure(serdeConfig, false);
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(config, new StringSerializer(),
                serializer)) {
            for (GenericRecord record : records) {
                producer.send(new ProducerRecord<>(topic, record.get("eventId").toString(), record));
            }
            producer.flush();
        }
    }

    private static List<ConsumerRecord<String, byte[]>> consume(KafkaCluster cluster, String topic, int count) {
        Map<String, Object> config = cluster.clientConfig();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "round-trip-" + System.nanoTime());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return received.size() >= count;
            });
        }
        return received;
    }

    private static GenericRecord deploy(String eventId, String environment, long durationMs) {
        GenericRecord record = new GenericData.Record(DEPLOY);
        record.put("eventId", eventId);
        record.put("environment", environment);
        record.put("durationMs", durationMs);
        return record;
    }
}
