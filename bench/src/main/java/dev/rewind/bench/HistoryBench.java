package dev.rewind.bench;

import dev.rewind.demo.release.CommitPushed;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTarget;
import dev.rewind.engine.routing.RouteTiming;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.schemas.avro.Cohort;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * History benchmark (issue 12): N events across C customers with event times spread over
 * {@code bench.history.span} (default 24 hours) before now, on one in-JVM broker and registry.
 *
 * <ol>
 *   <li>Ingest, {@code bench.history.ingestRepeats} times (default 3): the engine live path (its own
 *       component, so its own group) and then a fresh history index from an empty state directory,
 *       each timed until its committed source offsets reach the first {@code bench.history.ingestEvents}
 *       events (default all). Every index but the last is then closed; the last goes on to the topic's
 *       end and is the one queried.</li>
 *   <li>Queries, {@code bench.history.repeats} times (default 3) on that index: p50/p99 of
 *       {@code GET /api/v1/events?cohort=customer:X&from=now-15m} (every page) for random customers,
 *       against scans of the same window (offsetsForTimes, read, decode, filter) of customers the
 *       queries asked for.</li>
 * </ol>
 * With {@code -Dbench.history.jfr=FILE} the query phase is recorded by Java Flight Recorder
 * (settings {@code profile}) into FILE. With {@code -Dbench.history.serviceJvm=true} each index and its
 * HTTP server run in a JVM of their own ({@link IndexServer#main}, with this JVM's collector option
 * {@code bench.history.gc}), apart from the broker, the registry, the producer and the scans, as the
 * replay service runs in production; the HTTP threads' figures and the collections are then that
 * JVM's.
 *
 * <p>The index reads the source topic only: its outcomes topic is an empty one of its own, so the
 * ingest figure is the events' path (the engine's outcomes go to {@code rewind.outcomes}, which the
 * benchmark's index does not read).
 *
 * <p>Arguments: events, customers, queries and scans per repetition, result file (Markdown; the
 * JSON goes beside it).
 */
public final class HistoryBench {

    static final String TOPIC = BenchEnvironment.SOURCE;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private HistoryBench() {
    }

    /**
     * The benchmark's shape, from the arguments and system properties.
     *
     * @param serviceJvm  the index and its HTTP server in a JVM of their own ({@code bench.history.serviceJvm})
     * @param serviceJvmOptions that JVM's options: the collector this JVM was given ({@code bench.history.gc})
     *                    and a heap of {@code bench.history.serviceHeap} (default 2g)
     */
    record Plan(int events, int customers, int queries, int scans, Duration span, int ingestEvents,
                int ingestRepeats, int queryRepeats, boolean engine, Path jfr, boolean serviceJvm,
                List<String> serviceJvmOptions) {

        static Plan of(String[] args) {
            int events = Integer.parseInt(args[0]);
            int prefix = Integer.getInteger("bench.history.ingestEvents", events);
            String jfr = System.getProperty("bench.history.jfr", "");
            List<String> serviceJvm = new ArrayList<>(List.of("-Xmx" + System.getProperty("bench.history.serviceHeap",
                    "2g")));
            String gc = System.getProperty("bench.history.gc", "");
            if (!gc.isBlank()) {
                serviceJvm.add(gc);
            }
            return new Plan(events, Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Duration.parse(System.getProperty("bench.history.span", "PT24H")), Math.min(prefix, events),
                    Integer.getInteger("bench.history.ingestRepeats", 3), Integer.getInteger("bench.history.repeats", 3),
                    !Boolean.getBoolean("bench.history.noEngine"), jfr.isBlank() ? null : Path.of(jfr),
                    Boolean.getBoolean("bench.history.serviceJvm"), List.copyOf(serviceJvm));
        }
    }

    public static void main(String[] args) throws Exception {
        Plan plan = Plan.of(args);
        Path result = Path.of(args[4]);
        BenchResults json = new BenchResults("history");
        String loadBefore = Report.loadAverage();
        Path work = Files.createTempDirectory("rewind-history-bench");
        try (BenchEnvironment env = new BenchEnvironment()) {
            Scenarios scenarios = new Scenarios(env);
            env.createTopic(TOPIC);
            env.createTopic("out-engine");
            Instant end = Instant.now();
            long produceStart = System.nanoTime();
            produce(env, plan, end);
            Duration produced = Duration.ofNanos(System.nanoTime() - produceStart);
            long sourceEnd = env.sourceEnd();
            log("produced " + plan.events() + " events in " + produced + "; load " + Report.loadAverage());
            List<Report.Ingest> ingests = new ArrayList<>();
            List<Measurements> queries = new ArrayList<>();
            for (int i = 1; i <= plan.ingestRepeats(); i++) {
                Duration engineTook = null;
                if (plan.engine()) {
                    String component = "bench-history-engine-" + i;
                    route(env, component);
                    engineTook = scenarios.engine(component, "live", "out-engine", plan.ingestEvents());
                    log("engine live path run " + i + ": " + engineTook.toMillis() + " ms for " + plan.ingestEvents());
                }
                boolean last = i == plan.ingestRepeats();
                ingests.add(indexRun(env, plan, work.resolve("run-" + i), "bench-history-" + i, sourceEnd, engineTook,
                        last ? end : null, queries));
            }
            Report.write(result, json, plan, produced, ingests, queries, loadBefore);
        }
        System.exit(0);
    }

    /**
     * One fresh index, timed to the ingest prefix; when {@code queryEnd} is set it goes on to the
     * topic's end and answers the query repetitions ({@code queries} receives their measurements).
     */
    private static Report.Ingest indexRun(BenchEnvironment env, Plan plan, Path state, String application,
                                          long sourceEnd, Duration engineTook, Instant queryEnd,
                                          List<Measurements> queries) throws Exception {
        int port = freePort();
        long indexStart = System.nanoTime();
        try (QuerySide side = querySide(env, plan, state, application, port)) {
            CatchUp.await(env.admin, application, plan.ingestEvents(), Duration.ofHours(3));
            Duration prefix = Duration.ofNanos(System.nanoTime() - indexStart);
            log(application + " indexed the first " + plan.ingestEvents() + " events in " + prefix);
            if (queryEnd == null) {
                return new Report.Ingest(engineTook, prefix, null);
            }
            CatchUp.await(env.admin, application, sourceEnd, Duration.ofHours(3));
            Duration all = Duration.ofNanos(System.nanoTime() - indexStart);
            log(application + " indexed all " + sourceEnd + " events in " + all + "; load " + Report.loadAverage());
            queries.addAll(queries(env, plan, side, queryEnd));
            return new Report.Ingest(engineTook, prefix, all);
        }
    }

    /** The index and its HTTP server, in this JVM or (bench.history.serviceJvm) in one of their own. */
    private static QuerySide querySide(BenchEnvironment env, Plan plan, Path state, String application, int port)
            throws Exception {
        if (!plan.serviceJvm()) {
            return QuerySide.inProcess(IndexServer.start(env.kafka.bootstrapServers(), env.registry.url(), state,
                    application, port), port);
        }
        Files.createDirectories(state);
        Path log = state.resolveSibling(application + ".log");
        log("index server JVM " + plan.serviceJvmOptions() + ", output in " + log);
        return QuerySide.process(plan.serviceJvmOptions(), List.of(env.kafka.bootstrapServers(), env.registry.url(),
                state.toString(), application, Integer.toString(port)), port, log);
    }

    private static List<Measurements> queries(BenchEnvironment env, Plan plan, QuerySide side, Instant end)
            throws Exception {
        List<Measurements> repetitions = new ArrayList<>();
        if (plan.jfr() != null) {
            side.startRecording();
        }
        try {
            for (int r = 1; r <= plan.queryRepeats(); r++) {
                Measurements m = Measurements.run(side, env.kafka.bootstrapServers(), env.registry.url(),
                        plan.customers(), plan.queries(), plan.scans(), end.minus(WINDOW), end.plusMillis(1), 42L * r);
                log(String.format("queries %d: p50 %.1f ms, p99 %.1f ms, %.0f events each; scan p50 %.1f ms; "
                                + "HTTP threads per query %,.0f bytes allocated, %.2f ms CPU; GC %s; load %s", r,
                        Measurements.percentile(m.queryNanos(), 0.5) / 1e6,
                        Measurements.percentile(m.queryNanos(), 0.99) / 1e6, m.eventsPerQuery(),
                        Measurements.percentile(m.scanNanos(), 0.5) / 1e6,
                        (double) m.server().allocatedBytes() / plan.queries(),
                        m.server().cpuNanos() / 1e6 / plan.queries(), m.server().gcPauses(), Report.loadAverage()));
                repetitions.add(m);
            }
        } finally {
            if (plan.jfr() != null) {
                side.stopRecording(plan.jfr());
                log("query-phase recording in " + plan.jfr());
            }
        }
        return repetitions;
    }

    private static void route(BenchEnvironment env, String component) throws Exception {
        try (RoutePublisher publisher = RoutePublisher.create(env.clientConfig(), RouteLog.Options.DEFAULT_TOPIC,
                RouteTiming.DEFAULTS, Clock.offset(Clock.systemUTC(), Duration.ofDays(-30)))) {
            publisher.setRoute(component, CohortSelector.DEFAULT, RouteTarget.version("live"), null, "bench",
                    "every event owned by version live");
        }
    }

    /** The events, oldest first, evenly spaced over the span before {@code end}. */
    private static void produce(BenchEnvironment env, Plan plan, Instant end) {
        long start = end.minus(plan.span()).toEpochMilli();
        double step = (double) plan.span().toMillis() / plan.events();
        String[] plans = {"free", "team", "enterprise"};
        try (KafkaProducer<byte[], byte[]> producer = env.producer()) {
            for (int i = 0; i < plan.events(); i++) {
                int customer = i % plan.customers();
                String project = "c" + customer + "-p" + (i / plan.customers()) % 3;
                Cohort cohort = Cohort.newBuilder().setCustomer("c" + customer).setPlan(plans[customer % 3])
                        .setProject(project).build();
                CommitPushed event = CommitPushed.newBuilder().setEventId("e" + i).setCohort(cohort)
                        .setRepository("repo-" + project).setBranch("main").setCommitSha(Integer.toHexString(i))
                        .setAuthor("dev" + (i % 97)).build();
                producer.send(new ProducerRecord<>(TOPIC, null, start + (long) (i * step),
                        project.getBytes(StandardCharsets.UTF_8), env.encode(event)));
                if (i > 0 && i % 1_000_000 == 0) {
                    log("produced " + i + "; load " + Report.loadAverage());
                }
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void log(String message) {
        System.out.println("[bench " + Instant.now() + "] " + message);
    }
}
