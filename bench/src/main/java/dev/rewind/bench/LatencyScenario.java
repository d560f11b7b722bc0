package dev.rewind.bench;

import dev.rewind.demo.release.CommitPushed;
import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.runtime.ComponentRuntime;
import dev.rewind.engine.runtime.RewindHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Produce-to-committed-output latency of the engine's live path at a steady rate: the time from
 * handing an event to the producer until its output is readable by a read_committed consumer.
 *
 * <p>The percentiles are of the steady part of each run: events sent in its first {@link #SETTLE} are
 * left out, as their outputs wait for what a workload's first seconds do once (the output topic's
 * metadata, the first transaction's partitions, the JIT); {@code p99WithStart} keeps them.
 */
final class LatencyScenario {

    /** The start of each run that the steady percentiles leave out. */
    static final Duration SETTLE = Duration.ofSeconds(5);

    /**
     * Percentiles in milliseconds of the outputs of events sent after {@link #SETTLE}, how many
     * those were, and the p99 of every output of the run.
     */
    record Result(double p50, double p99, double max, int measured, double p99WithStart, int rate,
                  Duration duration) {
    }

    private final BenchEnvironment env;
    private final Scenarios scenarios;

    LatencyScenario(BenchEnvironment env, Scenarios scenarios) {
        this.env = env;
        this.scenarios = scenarios;
    }

    /** Runs {@code component}'s version {@code live} (routed to own every event) on topics of its own. */
    Result run(String component, int eventsPerSecond, Duration duration, Map<String, Object> overrides)
            throws Exception {
        String source = component + "-latency-source";
        String output = component + "-latency-output";
        env.createTopic(source);
        env.createTopic(output);
        Map<String, Object> settings = scenarios.engineSettings(component, "live", source);
        settings.putAll(overrides);
        try (ComponentRuntime runtime = ComponentRuntime.builder(EngineConfig.of(settings))
                .processor(() -> new Scenarios.EmitOne(output)).build()) {
            runtime.start();
            runtime.awaitRunning(Duration.ofMinutes(2));
            // as Kafka Streams' RUNNING: joined, every assigned partition restored, routes read
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!runtime.health().readiness().up()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(component + " not ready within 2 minutes: "
                            + runtime.health().readiness().reasons());
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
            return measure(component, source, output, eventsPerSecond, duration);
        }
    }

    /**
     * The baseline: Kafka Streams with {@code exactly_once_v2} and the same {@code commit.interval.ms} as
     * the engine (100 ms, Streams' default under exactly-once), decoding and re-encoding each event to the
     * output topic, at the same rate; the event id travels in a header Streams forwards.
     */
    Result runStreams(String application, int eventsPerSecond, Duration duration) throws Exception {
        String source = application + "-latency-source";
        String output = application + "-latency-output";
        env.createTopic(source);
        env.createTopic(output);
        try (KafkaStreams streams = scenarios.kafkaStreams(application, source, output)) {
            CountDownLatch running = new CountDownLatch(1);
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    running.countDown();
                }
            });
            streams.start();
            if (!running.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException(application + " not RUNNING within 2 minutes: " + streams.state());
            }
            return measure(application, source, output, eventsPerSecond, duration);
        }
    }

    private Result measure(String name, String source, String output, int eventsPerSecond, Duration duration)
            throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Double> latencies = new ArrayList<>();
        List<Double> steady = new ArrayList<>();
        int total = (int) (eventsPerSecond * duration.toSeconds());
        try (KafkaConsumer<byte[], byte[]> reader = scenarios.consumer(name + "-latency-reader", "read_committed")) {
            // assigned, not subscribed: no group join delays the first outputs' reading
            List<TopicPartition> partitions = reader.partitionsFor(output).stream()
                    .map(info -> new TopicPartition(output, info.partition())).toList();
            reader.assign(partitions);
            reader.seekToEnd(partitions);
            partitions.forEach(reader::position);
            long settled = System.nanoTime() + SETTLE.toNanos();
            Thread producerThread = new Thread(() -> produce(source, eventsPerSecond, total, sentAt), "bench-paced");
            producerThread.start();
            long deadline = System.nanoTime() + duration.plusMinutes(2).toNanos();
            while (latencies.size() < total && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    Header id = record.headers().lastHeader(RewindHeaders.EVENT_ID);
                    Long sent = id == null ? null : sentAt.get(new String(id.value(), StandardCharsets.UTF_8));
                    if (sent != null) {
                        latencies.add((now - sent) / 1e6);
                        if (sent >= settled) {
                            steady.add((now - sent) / 1e6);
                        }
                    }
                }
            }
            producerThread.join();
        }
        Collections.sort(latencies);
        Collections.sort(steady);
        return new Result(percentile(steady, 0.50), percentile(steady, 0.99),
                steady.isEmpty() ? 0 : steady.get(steady.size() - 1), steady.size(), percentile(latencies, 0.99),
                eventsPerSecond, duration);
    }

    /** Sends in 10 ms ticks so the rate is steady rather than bursty. */
    private void produce(String source, int eventsPerSecond, int total, Map<String, Long> sentAt) {
        int perTick = Math.max(1, eventsPerSecond / 100);
        try (KafkaProducer<byte[], byte[]> producer = env.producer()) {
            long next = System.nanoTime();
            int sent = 0;
            while (sent < total) {
                for (int i = 0; i < perTick && sent < total; i++, sent++) {
                    CommitPushed event = env.event(10_000_000L + sent);
                    byte[] value = env.encode(event);
                    sentAt.put(event.getEventId(), System.nanoTime());
                    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(source, event.getCohort()
                            .getProject().getBytes(StandardCharsets.UTF_8), value);
                    record.headers().add(RewindHeaders.EVENT_ID, event.getEventId().getBytes(StandardCharsets.UTF_8));
                    producer.send(record);
                }
                next += TimeUnit.MILLISECONDS.toNanos(10);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
