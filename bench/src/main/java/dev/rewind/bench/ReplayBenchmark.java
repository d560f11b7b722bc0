package dev.rewind.bench;

import dev.rewind.demo.release.CommitPushed;
import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessorContext;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTarget;
import dev.rewind.engine.routing.RouteTiming;
import dev.rewind.engine.runtime.ComponentRuntime;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.protocol.control.ControlKey;
import dev.rewind.protocol.control.ControlLog;
import dev.rewind.protocol.control.ControlRecords;
import dev.rewind.protocol.control.ReplayPlan;
import dev.rewind.protocol.control.ReplayProgress;
import dev.rewind.protocol.topics.RewindTopics;
import dev.rewind.schemas.avro.Cohort;
import dev.rewind.schemas.avro.ReplayAction;
import dev.rewind.schemas.avro.ReplayCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The replay benchmark of issue 4: a window of N events (default 1M) in which one cohort is 1%,
 * replayed by a version whose processor costs 50 us per event, against (a) a raw consumer reading the
 * same offsets and (b) the usual alternative: stop the group, reset its offsets to {@code from} with
 * the Admin API and reprocess everything. Writes a Markdown report.
 *
 * <p>Run: {@code ./mvnw -B -Pbench -pl bench -am verify -DskipTests -Dbench.events=1000000}.
 */
public final class ReplayBenchmark {

    private static final String COMPONENT = "replay-bench";
    private static final String OUTPUT = "out-replay";
    private static final CohortSelector COHORT = CohortSelector.customer("cohort-1pct");
    private static final long COST_NANOS = 50_000;

    private ReplayBenchmark() {
    }

    /** A processor costing {@value #COST_NANOS} ns of CPU per event, emitting one output. */
    public static final class CostlyProcessor implements EventProcessor {
        @Override
        public void process(Event event, ProcessorContext context) {
            long until = System.nanoTime() + COST_NANOS;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            context.emit(OUTPUT, event.keyAsString(), event.eventId().value().getBytes(StandardCharsets.UTF_8));
        }
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path report = Path.of(args.length > 1 ? args[1] : "bench/results/replay.md");
        try (BenchEnvironment env = new BenchEnvironment()) {
            Instant from = Instant.now().minusSeconds(1);
            log("preloading " + events + " events, 1% of them of " + COHORT);
            preload(env, events);
            Instant to = Instant.now();
            long end = env.sourceEnd();
            env.createTopic(OUTPUT);
            try (RoutePublisher publisher = RoutePublisher.create(env.clientConfig(), RouteLog.Options.DEFAULT_TOPIC,
                    RouteTiming.DEFAULTS, Clock.offset(Clock.systemUTC(), Duration.ofDays(-1)))) {
                publisher.setRoute(COMPONENT, CohortSelector.DEFAULT, RouteTarget.version("v1"), null, "bench",
                        "every event owned by v1");
            }
            String group = COMPONENT + ".v1";
            Map<TopicPartition, Long> start = offsetsAt(env, from);
            // v1 has processed the whole topic live: its committed offsets are at the end
            commit(env, group, env.partitions().stream().collect(Collectors.toMap(p -> p, p -> endOf(env, p))));

            Duration raw = timed("raw consumer over the window", () -> rawRead(env, start));
            Duration[] replay = replay(env, from, to);
            Duration reset = timed("stop, reset offsets to from, reprocess everything", () -> {
                long began = System.nanoTime();
                commit(env, group, start);
                try (ComponentRuntime runtime = runtime(env, "reset", 0)) {
                    env.awaitCommitted(group, end, Duration.ofHours(2));
                }
                return Duration.ofNanos(System.nanoTime() - began);
            });
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, render(events, raw, replay[0], replay[1], reset));
            log("report written to " + report.toAbsolutePath());
        }
        System.exit(0);
    }

    private static void preload(BenchEnvironment env, int count) throws Exception {
        env.createTopic(BenchEnvironment.SOURCE);
        try (KafkaProducer<byte[], byte[]> producer = env.producer()) {
            for (int i = 0; i < count; i++) {
                CommitPushed event = env.event(i);
                if (i % 100 == 0) {
                    event.setCohort(Cohort.newBuilder(event.getCohort()).setCustomer("cohort-1pct").build());
                }
                producer.send(new ProducerRecord<>(BenchEnvironment.SOURCE,
                        event.getCohort().getProject().getBytes(StandardCharsets.UTF_8), env.encode(event)));
            }
            producer.flush();
        }
    }

    /** Replays the cohort; returns {plans to last completion, command to last completion}. */
    private static Duration[] replay(BenchEnvironment env, Instant from, Instant to) throws Exception {
        log("replay of " + COHORT + " by v1");
        ReplayId id = ReplayId.of("bench-" + System.currentTimeMillis());
        try (ComponentRuntime runtime = runtime(env, "replay", Duration.ofHours(1).toMillis());
             ControlLog control = ControlLog.start(ControlLog.Options.of(env.clientConfig(), env.registry.url()))) {
            Instant commanded = Instant.now();
            try (KafkaProducer<byte[], byte[]> producer = env.producer()) {
                ReplayCommand command = ReplayCommand.newBuilder().setReplayId(id.value()).setComponent(COMPONENT)
                        .setVersion("v1").setSelector(COHORT.toString()).setFrom(from).setTo(to).setDryRun(false)
                        .setMaxEventsPerSecond(null).setReason("bench").setAuthor("bench").setRequestedAt(commanded)
                        .setAction(ReplayAction.START).build();
                producer.send(new ProducerRecord<>(RewindTopics.CONTROL,
                        ControlKey.command(id).getBytes(StandardCharsets.UTF_8),
                        ControlRecords.serializer(env.registry.url()).serialize(RewindTopics.CONTROL, command)));
            }
            long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
            while (control.progress(id).size() < BenchEnvironment.PARTITIONS
                    || !control.progress(id).values().stream().allMatch(s -> s.state().isFinal())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("replay did not complete: " + control.progress(id));
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
            Instant planned = control.plans(id).values().stream().map(ReplayPlan::createdAt).min(Instant::compareTo)
                    .orElseThrow();
            Instant completed = control.progress(id).values().stream().map(ReplayProgress::updatedAt)
                    .max(Instant::compareTo).orElseThrow();
            long reprocessed = control.progress(id).values().stream().mapToLong(s -> s.counts().reprocessed()).sum();
            log("replay: " + reprocessed + " reprocessed, " + Duration.between(planned, completed).toMillis()
                    + " ms from plans to completion");
            return new Duration[] {Duration.between(planned, completed), Duration.between(commanded, completed)};
        }
    }

    private static ComponentRuntime runtime(BenchEnvironment env, String instance, long dedupeMillis)
            throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(EngineConfig.BOOTSTRAP_SERVERS_CONFIG, env.kafka.bootstrapServers());
        props.put(EngineConfig.SCHEMA_REGISTRY_URL_CONFIG, env.registry.url());
        props.put(EngineConfig.COMPONENT_CONFIG, COMPONENT);
        props.put(EngineConfig.VERSION_CONFIG, "v1");
        props.put(EngineConfig.SOURCE_TOPICS_CONFIG, BenchEnvironment.SOURCE);
        props.put(EngineConfig.INSTANCE_ID_CONFIG, instance);
        props.put(EngineConfig.STATE_DIR_CONFIG, Files.createTempDirectory("replay-bench").toString());
        props.put(EngineConfig.DEDUPE_WINDOW_MS_CONFIG, String.valueOf(dedupeMillis));
        props.put(EngineConfig.REPLAY_MAX_EVENTS_PER_SECOND_CONFIG, "1000000000");
        ComponentRuntime runtime = ComponentRuntime.builder(EngineConfig.of(props)).processor(CostlyProcessor::new)
                .build();
        runtime.start();
        if (!runtime.awaitRunning(Duration.ofMinutes(2))) {
            throw new IllegalStateException("runtime did not start");
        }
        return runtime;
    }

    private static Duration rawRead(BenchEnvironment env, Map<TopicPartition, Long> start) {
        Map<String, Object> config = env.clientConfig();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        long began = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            Map<TopicPartition, Long> ends = consumer.endOffsets(start.keySet());
            long seen = 0;
            while (start.keySet().stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                seen += consumer.poll(Duration.ofMillis(200)).count();
            }
            log("raw consumer read " + seen + " records");
        }
        return Duration.ofNanos(System.nanoTime() - began);
    }

    private static Map<TopicPartition, Long> offsetsAt(BenchEnvironment env, Instant time) throws Exception {
        Map<String, Object> config = env.clientConfig();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(env.partitions().stream()
                    .collect(Collectors.toMap(p -> p, p -> time.toEpochMilli())));
            Map<TopicPartition, Long> offsets = new HashMap<>();
            env.partitions().forEach(p -> offsets.put(p, found.get(p) == null ? endOf(env, p) : found.get(p).offset()));
            return offsets;
        }
    }

    private static long endOf(BenchEnvironment env, TopicPartition partition) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(env.clientConfig(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }

    private static void commit(BenchEnvironment env, String group, Map<TopicPartition, Long> offsets)
            throws Exception {
        env.admin.alterConsumerGroupOffsets(group, offsets.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue()))))
                .all().get(60, TimeUnit.SECONDS);
    }

    private static String render(int events, Duration raw, Duration replay, Duration replayTotal, Duration reset) {
        StringBuilder md = new StringBuilder("# Replay benchmark\n\n");
        md.append(String.format(Locale.ROOT, "Run %s on %d cores (%s %s), JVM %s, one in-JVM KRaft broker. A window of"
                + " %,d events (Avro, 6 partitions) in which the replayed cohort (%s) is 1%%; the processor costs 50 us"
                + " of CPU per event and writes one output.%n%n", Instant.now(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                events, COHORT));
        md.append("| workload | time (s) |\n|---|---:|\n");
        md.append(String.format(Locale.ROOT, "| raw KafkaConsumer reading the window's offsets (no decode) | %.1f |%n",
                raw.toMillis() / 1000.0));
        md.append(String.format(Locale.ROOT, "| rewind replay, first plan to last partition completed | %.1f |%n",
                replay.toMillis() / 1000.0));
        md.append(String.format(Locale.ROOT, "| rewind replay, command written to last partition completed (includes"
                + " waiting for the route history to pass the command, a few seconds by design) | %.1f |%n",
                replayTotal.toMillis() / 1000.0));
        md.append(String.format(Locale.ROOT, "| stop the group, reset offsets to from (Admin API), reprocess everything"
                + " until committed at the end | %.1f |%n", reset.toMillis() / 1000.0));
        md.append("\n| comparison | ratio | goal |\n|---|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| replay time / raw consumer time | %.2fx | <= 1.5x |%n",
                (double) replay.toMillis() / raw.toMillis()));
        md.append(String.format(Locale.ROOT, "| reset-and-reprocess time / replay time | %.1fx | >= 5x |%n",
                (double) reset.toMillis() / replay.toMillis()));
        md.append("\nLimits: one run on a 2-core machine shared with other builds and brokers, broker and clients in"
                + " one JVM; the replay decodes every record of the window to read its cohort (the raw consumer does"
                + " not); figures are indicative.\n");
        return md.toString();
    }

    private interface Workload {
        Duration run() throws Exception;
    }

    private static Duration timed(String name, Workload workload) throws Exception {
        log(name);
        Duration took = workload.run();
        log(name + ": " + took.toMillis() + " ms");
        return took;
    }

    private static void log(String message) {
        System.out.println("[replay-bench " + Instant.now() + "] " + message);
    }
}
