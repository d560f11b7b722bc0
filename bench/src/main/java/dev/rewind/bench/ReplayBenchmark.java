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
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
 * the Admin API and reprocess everything. Each workload runs {@code repeat} times (default 3),
 * alternating; writes a Markdown report and {@code replay.json} ({@link BenchResults}) beside it.
 *
 * <p>Arguments: {@code events [report.md [repeat]]}. Run: {@code ./mvnw -B verify -Pbench -pl bench -am
 * -DskipTests -Dbench.history.skip=true -Dbench.engine.skip=true -Dbench.replay.events=200000}.
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
        int repeat = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        BenchResults results = new BenchResults("replay");
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
            Map<TopicPartition, Long> ends = env.partitions().stream().collect(Collectors.toMap(p -> p, p -> endOf(env, p)));
            commit(env, group, ends);

            // the workloads alternate, so that the machine's load (shared, noisy) weighs on each alike
            double[] raw = new double[repeat];
            double[] replay = new double[repeat];
            double[] replayTotal = new double[repeat];
            double[] reset = new double[repeat];
            // CPU time of the reading thread: on a shared machine wall time is mostly waiting for a CPU
            double[] rawCpu = new double[repeat];
            double[] replayCpu = new double[repeat];
            for (int i = 0; i < repeat; i++) {
                long[] cpu = new long[1];
                raw[i] = seconds(timed("raw consumer over the window", () -> rawRead(env, start, cpu)));
                rawCpu[i] = cpu[0] / 1e9;
                Duration[] replayed = replay(env, from, to, i);
                replay[i] = seconds(replayed[0]);
                replayTotal[i] = seconds(replayed[1]);
                replayCpu[i] = seconds(replayed[2]);
                reset[i] = seconds(timed("stop, reset offsets to from, reprocess everything", () -> {
                    long began = System.nanoTime();
                    commit(env, group, start);
                    try (ComponentRuntime runtime = runtime(env, "reset", 0)) {
                        env.awaitCommitted(group, end, Duration.ofHours(2));
                    }
                    return Duration.ofNanos(System.nanoTime() - began);
                }));
            }
            double rawMedian = BenchResults.median(raw);
            double replayMedian = BenchResults.median(replay);
            double resetMedian = BenchResults.median(reset);
            results.add("replay of a 1% cohort over a " + events + "-event window vs a raw read of the same offsets",
                    replay, raw, "s", "<= 1.5x", replayMedian <= 1.5 * rawMedian);
            results.add("that replay (processor 50 us/event) vs stop the group, reset, reprocess all", replay, reset,
                    "s", "<= 0.2x (>= 5x faster)", resetMedian >= 5 * replayMedian);
            results.add("replay consumer thread's CPU time vs the raw read thread's (start-up included)", replayCpu,
                    rawCpu, "s", "<= 1.5x", BenchResults.median(replayCpu) <= 1.5 * BenchResults.median(rawCpu));
            results.write(report.toAbsolutePath().getParent());
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, render(events, repeat, raw, replay, replayTotal, reset)
                    + cpuRows(rawCpu, replayCpu));
            log("report written to " + report.toAbsolutePath());
        }
        System.exit(0);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
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
    private static Duration[] replay(BenchEnvironment env, Instant from, Instant to, int run) throws Exception {
        log("replay of " + COHORT + " by v1");
        ReplayId id = ReplayId.of("bench-" + System.currentTimeMillis());
        try (ComponentRuntime runtime = runtime(env, "replay-" + run, Duration.ofHours(1).toMillis());
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
            long cpu = threadCpu("rewind-" + COMPONENT + ".v1.replay-" + run);
            log("replay: " + reprocessed + " reprocessed, " + Duration.between(planned, completed).toMillis()
                    + " ms from plans to completion, consumer thread CPU " + cpu / 1_000_000 + " ms");
            return new Duration[] {Duration.between(planned, completed), Duration.between(commanded, completed),
                Duration.ofNanos(cpu)};
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

    /** CPU time of the live threads named {@code name} (the runtime's consumer thread), in ns. */
    private static long threadCpu(String name) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name))
                .mapToLong(t -> Math.max(0, threads.getThreadCpuTime(t.getId()))).sum();
    }

    private static String cpuRows(double[] rawCpu, double[] replayCpu) {
        return String.format(Locale.ROOT, "%nCPU time of the reading thread (`ThreadMXBean`; the raw consumer's thread from"
                + " its creation, the replay's consumer thread from the runtime's start, so group join and restore"
                + " are included): raw read %.2f s (%s), replay %.2f s (%s); replay / raw %.2fx.%n",
                BenchResults.median(rawCpu), BenchResults.spread(rawCpu), BenchResults.median(replayCpu),
                BenchResults.spread(replayCpu), BenchResults.median(replayCpu) / BenchResults.median(rawCpu));
    }

    private static Duration rawRead(BenchEnvironment env, Map<TopicPartition, Long> start, long[] cpu) {
        long cpuBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
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
        cpu[0] = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuBefore;
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

    private static String render(int events, int repeat, double[] raw, double[] replay, double[] replayTotal,
                                 double[] reset) {
        StringBuilder md = new StringBuilder("# Replay benchmark\n\n");
        md.append(String.format(Locale.ROOT, "Run %s on %d cores (%s %s), JVM %s, one in-JVM KRaft broker, load average"
                + " %.1f at the end. A window of %,d events (Avro, 6 partitions) in which the replayed cohort (%s) is"
                + " 1%%; the processor costs 50 us of CPU per event and writes one output. Each workload ran %d times,"
                + " alternating; median and spread (min-max) in seconds.%n%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"), BenchResults.loadAverage(), events, COHORT, repeat));
        md.append("| workload | median (s) | spread (s) |\n|---|---:|---:|\n");
        row(md, "raw KafkaConsumer reading the window's offsets (no decode)", raw);
        row(md, "rewind replay, first plan to last partition completed", replay);
        row(md, "rewind replay, command written to last partition completed (includes waiting for the route history"
                + " to pass the command, a few seconds by design)", replayTotal);
        row(md, "stop the group, reset offsets to from (Admin API), reprocess everything until committed at the end",
                reset);
        double rawMedian = BenchResults.median(raw);
        double replayMedian = BenchResults.median(replay);
        double resetMedian = BenchResults.median(reset);
        md.append("\n| comparison | ratio of medians | goal | met |\n|---|---:|---:|---|\n");
        md.append(String.format(Locale.ROOT, "| replay time / raw consumer time | %.2fx | <= 1.5x | %s |%n",
                replayMedian / rawMedian, replayMedian <= 1.5 * rawMedian ? "yes" : "no"));
        md.append(String.format(Locale.ROOT, "| reset-and-reprocess time / replay time | %.1fx | >= 5x | %s |%n",
                resetMedian / replayMedian, resetMedian >= 5 * replayMedian ? "yes" : "no"));
        md.append("\nMachine-readable: replay.json (samples included). Limits: a 2-core machine shared with other"
                + " builds and brokers, broker and clients in one JVM; figures are indicative, ratios of the same run"
                + " are what to read.\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String workload, double[] samples) {
        md.append(String.format(Locale.ROOT, "| %s | %.1f | %s |%n", workload, BenchResults.median(samples),
                BenchResults.spread(samples)));
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
