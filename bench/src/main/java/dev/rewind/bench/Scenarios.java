package dev.rewind.bench;

import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessorContext;
import dev.rewind.engine.runtime.ComponentRuntime;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.schemas.serde.AvroSerializer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** The measured workloads. Each consumes the whole preloaded source topic with a group of its own. */
final class Scenarios {

    static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final BenchEnvironment env;

    Scenarios(BenchEnvironment env) {
        this.env = env;
    }

    /** The processor the engine runs: one output per event, the decoded payload written again. */
    static final class EmitOne implements EventProcessor {
        private final String output;

        EmitOne(String output) {
            this.output = output;
        }

        @Override
        public void process(Event event, ProcessorContext context) {
            context.emit(output, event.keyAsString(), event.payload());
        }
    }

    /**
     * The commit interval both the engine and Kafka Streams use, in milliseconds: {@code commit.interval.ms}
     * from {@code -Dbench.engine}, else 100 (the default of both under exactly-once).
     */
    static int commitIntervalMs() {
        Object set = overrides().get("commit.interval.ms");
        return set == null ? 100 : Integer.parseInt(set.toString());
    }

    /** {@code -Dbench.engine=key=value;key=value}: engine settings for every engine workload. */
    private static Map<String, Object> overrides() {
        Map<String, Object> overrides = new HashMap<>();
        for (String pair : System.getProperty("bench.engine", "").split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                overrides.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return overrides;
    }

    Map<String, Object> engineSettings(String component, String version, String source) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(EngineConfig.BOOTSTRAP_SERVERS_CONFIG, env.kafka.bootstrapServers());
        settings.put(EngineConfig.SCHEMA_REGISTRY_URL_CONFIG, env.registry.url());
        settings.put(EngineConfig.COMPONENT_CONFIG, component);
        settings.put(EngineConfig.VERSION_CONFIG, version);
        settings.put(EngineConfig.SOURCE_TOPICS_CONFIG, source);
        settings.put(EngineConfig.INSTANCE_ID_CONFIG, "bench-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        settings.putAll(overrides());
        try {
            settings.put(EngineConfig.STATE_DIR_CONFIG, Files.createTempDirectory("rewind-bench").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return settings;
    }

    /** The engine on the whole topic; {@code version} owns everything or nothing, as routed. */
    Duration engine(String component, String version, String output, long end) throws Exception {
        ComponentRuntime runtime = ComponentRuntime.builder(EngineConfig.of(engineSettings(component, version,
                BenchEnvironment.SOURCE))).processor(() -> new EmitOne(output)).build();
        Instant start = Instant.now();
        try (runtime) {
            runtime.start();
            Instant done = env.awaitCommitted(component + "." + version, end, TIMEOUT);
            return Duration.between(start, done);
        }
    }

    /** Kafka Streams with exactly_once_v2 decoding and re-encoding each record to the output topic. */
    Duration kafkaStreams(String application, String output, long end) throws Exception {
        Instant start = Instant.now();
        try (KafkaStreams streams = kafkaStreams(application, BenchEnvironment.SOURCE, output)) {
            streams.start();
            return Duration.between(start, env.awaitCommitted(application, end, TIMEOUT));
        }
    }

    /**
     * A Kafka Streams application, not started, with exactly_once_v2 and the engine's commit.interval.ms
     * ({@link #commitIntervalMs()}), decoding each record of {@code source} and re-encoding it to {@code output}.
     */
    KafkaStreams kafkaStreams(String application, String source, String output) throws IOException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, application);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, env.kafka.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs());
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bench-streams").toString());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        AvroDeserializer deserializer = new AvroDeserializer();
        deserializer.configure(Map.of("schema.registry.url", env.registry.url()), false);
        AvroSerializer serializer = new AvroSerializer();
        serializer.configure(Map.of("schema.registry.url", env.registry.url()), false);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(source, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .mapValues(value -> serializer.serialize(output, deserializer.deserialize(source, value)))
                .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return new KafkaStreams(builder.build(), props);
    }

    /** A hand-written consume-transform-produce loop, one transaction per poll. */
    Duration transactionalLoop(String group, String output, long end) throws Exception {
        AvroDeserializer deserializer = new AvroDeserializer();
        deserializer.configure(Map.of("schema.registry.url", env.registry.url()), false);
        AvroSerializer serializer = new AvroSerializer();
        serializer.configure(Map.of("schema.registry.url", env.registry.url()), false);
        AtomicBoolean running = new AtomicBoolean(true);
        Instant start = Instant.now();
        Thread loop = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(group, "read_committed");
                 KafkaProducer<byte[], byte[]> producer = transactionalProducer(group)) {
                producer.initTransactions();
                consumer.subscribe(java.util.List.of(BenchEnvironment.SOURCE));
                while (running.get()) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                    if (records.isEmpty()) {
                        continue;
                    }
                    producer.beginTransaction();
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        byte[] value = serializer.serialize(output,
                                deserializer.deserialize(record.topic(), record.value()));
                        producer.send(new ProducerRecord<>(output, record.key(), value));
                        offsets.put(new TopicPartition(record.topic(), record.partition()),
                                new OffsetAndMetadata(record.offset() + 1));
                    }
                    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                    producer.commitTransaction();
                }
            }
        }, group);
        loop.start();
        try {
            return Duration.between(start, env.awaitCommitted(group, end, TIMEOUT));
        } finally {
            running.set(false);
            loop.join();
        }
    }

    /** A raw consumer counting records, committing once at the end. */
    Duration rawCount(String group, long end) throws Exception {
        Instant start = Instant.now();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(group, "read_uncommitted")) {
            consumer.subscribe(java.util.List.of(BenchEnvironment.SOURCE));
            long count = 0;
            while (count < end) {
                count += consumer.poll(Duration.ofMillis(100)).count();
            }
            consumer.commitSync();
            return Duration.between(start, env.awaitCommitted(group, end, TIMEOUT));
        }
    }

    KafkaConsumer<byte[], byte[]> consumer(String group, String isolation) {
        Map<String, Object> config = env.clientConfig();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> transactionalProducer(String id) {
        Map<String, Object> config = env.clientConfig();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
