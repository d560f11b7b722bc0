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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Produce-to-committed-output latency of the engine's live path at a steady rate: the time from
 * handing an event to the producer until its output is readable by a read_committed consumer.
 */
final class LatencyScenario {

    /** Percentiles in milliseconds and how many outputs were measured. */
    record Result(double p50, double p99, double max, int measured, int rate, Duration duration) {
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
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        int total = (int) (eventsPerSecond * duration.toSeconds());
        try (ComponentRuntime runtime = ComponentRuntime.builder(EngineConfig.of(settings))
                .processor(() -> new Scenarios.EmitOne(output)).build();
             KafkaConsumer<byte[], byte[]> reader = scenarios.consumer(component + "-latency-reader", "read_committed")) {
            runtime.start();
            runtime.awaitRunning(Duration.ofMinutes(2));
            reader.subscribe(List.of(output));
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
                    }
                }
            }
            producerThread.join();
        }
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Result(percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1),
                sorted.size(), eventsPerSecond, duration);
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
                    producer.send(new ProducerRecord<>(source, event.getCohort().getProject()
                            .getBytes(StandardCharsets.UTF_8), value));
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
