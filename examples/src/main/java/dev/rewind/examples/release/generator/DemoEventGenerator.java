package dev.rewind.examples.release.generator;

import dev.rewind.examples.release.ReleaseDemo;
import dev.rewind.schemas.serde.AvroSerdeConfig;
import dev.rewind.schemas.serde.AvroSerializer;
import dev.rewind.schemas.serde.TopicRecordNameStrategy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces {@link DemoEvents} to a topic at a steady rate, keyed by project id, Avro in the
 * Confluent wire format through the schema registry (subjects {@code <topic>-<record name>}, since
 * four event types share the topic).
 *
 * <p>Runs on its own thread from {@link #start} until {@link #close}. Thread-safe.
 */
public final class DemoEventGenerator implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(DemoEventGenerator.class);
    private static final long TICK_MILLIS = 50;

    /**
     * Settings of a generator.
     *
     * @param bootstrapServers Kafka to write to
     * @param schemaRegistryUrl the registry the serializer registers the event schemas with
     * @param topic the topic, usually {@link ReleaseDemo#EVENTS_TOPIC}
     * @param eventsPerSecond the rate, above 0
     * @param customers whose events to generate
     */
    public record Options(String bootstrapServers, String schemaRegistryUrl, String topic,
                          double eventsPerSecond, List<DemoCustomer> customers) {

        /** Validates and copies. */
        public Options {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
            Objects.requireNonNull(topic, "topic");
            if (!(eventsPerSecond > 0) || eventsPerSecond > 100_000) {
                throw new IllegalArgumentException("Demo event rate must be in (0, 100000] events/s, was "
                        + eventsPerSecond);
            }
            customers = List.copyOf(customers);
        }

        /** The demo topic and customers at {@code eventsPerSecond}. */
        public static Options demo(String bootstrapServers, String schemaRegistryUrl, double eventsPerSecond) {
            return new Options(bootstrapServers, schemaRegistryUrl, ReleaseDemo.EVENTS_TOPIC,
                    eventsPerSecond, DemoCustomer.defaults());
        }
    }

    private final Options options;
    private final DemoEvents events;
    private final KafkaProducer<String, Object> producer;
    private final ScheduledExecutorService thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private double budget;
    private long lastTick = System.nanoTime();

    private DemoEventGenerator(Options options) {
        this.options = options;
        this.events = new DemoEvents(options.customers(), new Random());
        this.producer = new KafkaProducer<>(producerConfig(options), new StringSerializer(),
                serializer(options));
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rewind-demo-generator");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts producing. */
    public static DemoEventGenerator start(Options options) {
        DemoEventGenerator generator = new DemoEventGenerator(options);
        generator.thread.scheduleAtFixedRate(generator::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        LOGGER.atInfo().setMessage("Demo event generator started")
                .addKeyValue("topic", options.topic())
                .addKeyValue("eventsPerSecond", options.eventsPerSecond())
                .addKeyValue("customers", options.customers().size())
                .log();
        return generator;
    }

    /** Events acknowledged by the broker so far. */
    public long sent() {
        return sent.get();
    }

    /** Events the producer failed to write so far. */
    public long failed() {
        return failed.get();
    }

    private void tick() {
        long now = System.nanoTime();
        // cap the catch-up after a stall (GC, slow broker) at one second's worth
        budget = Math.min(budget + options.eventsPerSecond() * (now - lastTick) / 1e9,
                Math.max(1, options.eventsPerSecond()));
        lastTick = now;
        try {
            while (budget >= 1) {
                budget -= 1;
                DemoEvents.Generated event = events.next();
                producer.send(new ProducerRecord<>(options.topic(), event.project(), event.value()),
                        (metadata, error) -> count(error));
            }
        } catch (RuntimeException e) {
            // keep the schedule alive: a registry or broker hiccup must not end the demo
            failed.incrementAndGet();
            LOGGER.atWarn().setMessage("Demo event not sent").addKeyValue("topic", options.topic())
                    .setCause(e).log();
        }
    }

    private void count(Exception error) {
        if (error == null) {
            sent.incrementAndGet();
        } else if (failed.incrementAndGet() % 100 == 1) {
            LOGGER.atWarn().setMessage("Demo events not written").addKeyValue("topic", options.topic())
                    .addKeyValue("failedSoFar", failed.get()).setCause(error).log();
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        LOGGER.atInfo().setMessage("Demo event generator stopped").addKeyValue("sent", sent.get()).log();
    }

    private static Map<String, Object> producerConfig(Options options) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "rewind-demo-generator");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        return config;
    }

    private static AvroSerializer serializer(Options options) {
        AvroSerializer serializer = new AvroSerializer();
        serializer.configure(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, options.schemaRegistryUrl(),
                AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY_CONFIG, TopicRecordNameStrategy.class.getName()),
                false);
        return serializer;
    }
}
