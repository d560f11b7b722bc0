package dev.rewind.bench;

import dev.rewind.engine.metrics.EngineMetrics;
import dev.rewind.engine.metrics.ProcessedTally;
import dev.rewind.engine.outcome.OutcomeFactory;
import dev.rewind.engine.outcome.OutcomeTopics;
import dev.rewind.engine.outcome.internal.OutcomeEncoder;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventId;
import dev.rewind.engine.processor.ProcessingMode;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.avro.OutcomeStatus;
import dev.rewind.schemas.avro.OutputRef;
import dev.rewind.schemas.registry.InMemorySchemaRegistryClient;
import dev.rewind.schemas.serde.AvroSerializer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * CPU time and allocation per event of the engine's outcome path on the processing thread (issue 12):
 * building the outcome and its output reference, encoding it, its key, and the per-event metrics: what
 * {@code EventRecorder.processed} does before the producer's send. Two implementations, alternating rounds
 * in one JVM: {@code before}, main's code at 44831db re-enacted (Avro builders, the registry serializer,
 * three capped tags and a meter look-up per event, a {@code Duration} per lag), and {@code after}, the
 * engine's classes as they are now ({@link OutcomeFactory}, {@link OutcomeEncoder}, {@link ProcessedTally}
 * flushed every 500 events as a poll would). Measured with the thread's CPU time and allocated bytes
 * ({@code com.sun.management.ThreadMXBean}), not wall time: the machine is shared.
 *
 * <p>{@code OutcomePathBenchmark [events per round, default 200000] [measured rounds per path, default 10]
 * [report.md]}. Checks first that both write the same bytes for an outcome.
 */
public final class OutcomePathBenchmark {

    private static final ComponentVersion VERSION = new ComponentVersion("bench", "live");
    private static final String INSTANCE = "bench-1234abcd";
    private static final String TYPE = "dev.rewind.demo.release.CommitPushed";
    private static final String SOURCE = "bench-events";
    private static final String OUTPUT = "out-engine";
    private static final int POOL = 20_000;
    private static final int POLL = 500;

    private OutcomePathBenchmark() {
    }

    /** One implementation of the path. */
    interface OutcomePath {
        /** Records the OK outcome of {@code event}, which emitted one output keyed {@code outputKey}; the bytes. */
        long processed(Event event, String outputKey, long micros);

        /** What a poll's end does. */
        void polled();
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        List<Event> pool = events();
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        OutcomePath before = new Before(new AvroSerializer(registry));
        After after = new After(new AvroSerializer(registry));
        after.checkAgainstTheSerializer(pool.get(0));

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<double[]> beforeRounds = new ArrayList<>();
        List<double[]> afterRounds = new ArrayList<>();
        for (int round = -3; round < rounds; round++) {
            double[] b = round(threads, before, pool, events);
            double[] a = round(threads, after, pool, events);
            if (round >= 0) {
                beforeRounds.add(b);
                afterRounds.add(a);
            }
            System.out.printf(Locale.ROOT, "round %d: before %.0f ns %.0f B, after %.0f ns %.0f B per event%n",
                    round, b[0], b[1], a[0], a[1]);
        }
        String report = report(events, rounds, beforeRounds, afterRounds);
        System.out.print(report);
        if (args.length > 2) {
            Files.writeString(Path.of(args[2]), report);
        }
    }

    /** CPU nanoseconds and allocated bytes per event of one round. */
    private static double[] round(com.sun.management.ThreadMXBean threads, OutcomePath path, List<Event> pool,
                                  int events) {
        long sink = 0;
        long cpu = threads.getCurrentThreadCpuTime();
        long allocated = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < events; i++) {
            Event event = pool.get(i % POOL);
            sink += path.processed(event, event.keyAsString(), 40 + (i & 63));
            if (i % POLL == POLL - 1) {
                path.polled();
            }
        }
        path.polled();
        double cpuPerEvent = (threads.getCurrentThreadCpuTime() - cpu) / (double) events;
        double bytesPerEvent = (threads.getCurrentThreadAllocatedBytes() - allocated) / (double) events;
        if (sink == 42) {
            System.out.println("(sink)");
        }
        return new double[] {cpuPerEvent, bytesPerEvent};
    }

    private static String report(int events, int rounds, List<double[]> before, List<double[]> after) {
        double[] beforeCpu = before.stream().mapToDouble(r -> r[0]).toArray();
        double[] afterCpu = after.stream().mapToDouble(r -> r[0]).toArray();
        double[] beforeBytes = before.stream().mapToDouble(r -> r[1]).toArray();
        double[] afterBytes = after.stream().mapToDouble(r -> r[1]).toArray();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Outcome path per event (%,d events per round, %d rounds per path"
                + " alternating, after 3 warm-up rounds each; JVM %s):%n%n", events, rounds,
                System.getProperty("java.version")));
        md.append("| path | CPU ns per event (median) | spread | bytes allocated per event (median) | spread |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        md.append(row("before (main at 44831db)", beforeCpu, beforeBytes));
        md.append(row("after (this branch)", afterCpu, afterBytes));
        md.append(String.format(Locale.ROOT, "%nafter / before: CPU %.2fx, allocation %.2fx%n",
                BenchResults.median(afterCpu) / BenchResults.median(beforeCpu),
                BenchResults.median(afterBytes) / BenchResults.median(beforeBytes)));
        return md.toString();
    }

    private static String row(String name, double[] cpu, double[] bytes) {
        return String.format(Locale.ROOT, "| %s | %.0f | %s | %.0f | %s |%n", name, BenchResults.median(cpu),
                BenchResults.spread(cpu), BenchResults.median(bytes), BenchResults.spread(bytes));
    }

    /** Events shaped like the engine benchmark's: 50 customers, 3 plans, 500 projects, 6 partitions. */
    private static List<Event> events() {
        GenericData.Record payload = new GenericData.Record(dev.rewind.schemas.avro.Cohort.getClassSchema());
        Instant start = Instant.now().minusSeconds(60);
        List<Event> pool = new ArrayList<>(POOL);
        for (int n = 0; n < POOL; n++) {
            String project = "project-" + (n % 500);
            pool.add(new Event(EventId.of(UUID.randomUUID().toString()), start.plusMillis(n), TYPE,
                    Cohort.of("customer-" + (n % 50), n % 3 == 0 ? "enterprise" : "team", project), payload,
                    SOURCE, n % 6, n, project.getBytes(StandardCharsets.UTF_8), new RecordHeaders()));
        }
        return pool;
    }

    /** Main's path at 44831db: builders, the serializer, a meter look-up and a Duration per event. */
    private static final class Before implements OutcomePath {
        private final AvroSerializer serializer;
        private final EngineMetrics metrics = new EngineMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                VERSION);
        private final Clock clock = Clock.systemUTC();

        Before(AvroSerializer serializer) {
            this.serializer = serializer;
        }

        @Override
        public long processed(Event event, String outputKey, long micros) {
            List<OutputRef> refs = new ArrayList<>(1);
            refs.add(OutputRef.newBuilder().setTopic(OUTPUT).setKey(outputKey).build());
            Cohort cohort = event.cohort();
            Outcome outcome = Outcome.newBuilder()
                    .setEventId(event.eventId().value())
                    .setComponent(VERSION.component())
                    .setVersion(VERSION.version())
                    .setReplayId(ProcessingMode.live().replayId().map(ReplayId::value).orElse(null))
                    .setEventType(event.type())
                    .setCohort(dev.rewind.schemas.avro.Cohort.newBuilder().setCustomer(cohort.customer().orElse(null))
                            .setPlan(cohort.plan().orElse(null)).setProject(cohort.project().orElse(null)).build())
                    .setEventTime(event.time())
                    .setSourceTopic(event.topic())
                    .setSourcePartition(event.partition())
                    .setSourceOffset(event.offset())
                    .setProcessedAt(clock.instant())
                    .setInstanceId(INSTANCE)
                    .setStatus(OutcomeStatus.OK).setOutputs(refs).setDurationMicros(micros).build();
            byte[] value = serializer.serialize(OutcomeTopics.OUTCOMES, outcome);
            byte[] key = outcome.getEventId().getBytes(StandardCharsets.UTF_8);
            metrics.processed("ok", cohort);
            metrics.endToEndLag(Duration.between(event.time(), clock.instant()));
            return value.length + key.length;
        }

        @Override
        public void polled() {
        }
    }

    /** The engine's classes now. */
    private static final class After implements OutcomePath {
        private final AvroSerializer serializer;
        private final EngineMetrics metrics = new EngineMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                VERSION);
        private final ProcessedTally tally = new ProcessedTally(metrics);
        private final OutcomeFactory outcomes = new OutcomeFactory(VERSION, INSTANCE, Clock.systemUTC());
        private final OutcomeEncoder encoder = new OutcomeEncoder();
        private final Clock clock = Clock.systemUTC();
        private byte[] prefix;

        After(AvroSerializer serializer) {
            this.serializer = serializer;
        }

        /** As the engine's RecordWriter: the header from the serializer, once the bytes match. */
        void checkAgainstTheSerializer(Event event) {
            Outcome outcome = outcomes.ok(event, ProcessingMode.live().replayId(),
                    List.of(new OutputRef(OUTPUT, null, null, "k")), 12);
            byte[] serialized = serializer.serialize(OutcomeTopics.OUTCOMES, outcome);
            prefix = Arrays.copyOf(serialized, 5);
            if (!Arrays.equals(encoder.encode(prefix, outcome), serialized)) {
                throw new IllegalStateException("the outcome encoder and the serializer disagree");
            }
        }

        @Override
        public long processed(Event event, String outputKey, long micros) {
            List<OutputRef> refs = new ArrayList<>(1);
            refs.add(new OutputRef(OUTPUT, null, null, outputKey));
            Outcome outcome = outcomes.ok(event, ProcessingMode.live().replayId(), refs, micros);
            byte[] value = encoder.encode(prefix, outcome);
            byte[] key = outcome.getEventId().getBytes(StandardCharsets.UTF_8);
            tally.add(OutcomeStatus.OK, event.cohort());
            metrics.endToEndLagMillis(clock.millis() - event.time().toEpochMilli());
            return value.length + key.length;
        }

        @Override
        public void polled() {
            tally.flush();
        }
    }
}
