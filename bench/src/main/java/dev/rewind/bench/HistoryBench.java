package dev.rewind.bench;

import dev.rewind.api.Json;
import dev.rewind.demo.release.CommitPushed;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTarget;
import dev.rewind.engine.routing.RouteTiming;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.replaytool.access.AccessControl;
import dev.rewind.replaytool.access.AccessTokens;
import dev.rewind.replaytool.history.EventIngestor;
import dev.rewind.replaytool.history.HistoryConfig;
import dev.rewind.replaytool.history.HistoryHandlers;
import dev.rewind.replaytool.history.HistoryIndex;
import dev.rewind.replaytool.history.IngestTopics;
import dev.rewind.replaytool.http.HttpApi;
import dev.rewind.schemas.avro.Cohort;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
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
 * (settings {@code profile}) into FILE.
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

    /** The benchmark's shape, from the arguments and system properties. */
    record Plan(int events, int customers, int queries, int scans, Duration span, int ingestEvents,
                int ingestRepeats, int queryRepeats, boolean engine, Path jfr) {

        static Plan of(String[] args) {
            int events = Integer.parseInt(args[0]);
            int prefix = Integer.getInteger("bench.history.ingestEvents", events);
            String jfr = System.getProperty("bench.history.jfr", "");
            return new Plan(events, Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Duration.parse(System.getProperty("bench.history.span", "PT24H")), Math.min(prefix, events),
                    Integer.getInteger("bench.history.ingestRepeats", 3), Integer.getInteger("bench.history.repeats", 3),
                    !Boolean.getBoolean("bench.history.noEngine"), jfr.isBlank() ? null : Path.of(jfr));
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
        try (HistoryIndex index = HistoryIndex.start(config(env, state, application, port));
             EventIngestor ingestor = new EventIngestor(env.clientConfig(), index.registry(),
                     new IngestTopics(env.admin, Pattern.compile(Pattern.quote(TOPIC)), Set::of))) {
            Javalin app = HttpApi.create(Json.mapper(), new AccessControl(AccessTokens.open()));
            new HistoryHandlers(index, ingestor, env.admin, Json.mapper()).register(app);
            app.start("localhost", port);
            try {
                CatchUp.await(env.admin, application, plan.ingestEvents(), Duration.ofHours(3));
                Duration prefix = Duration.ofNanos(System.nanoTime() - indexStart);
                log(application + " indexed the first " + plan.ingestEvents() + " events in " + prefix);
                if (queryEnd == null) {
                    return new Report.Ingest(engineTook, prefix, null);
                }
                CatchUp.await(env.admin, application, sourceEnd, Duration.ofHours(3));
                Duration all = Duration.ofNanos(System.nanoTime() - indexStart);
                log(application + " indexed all " + sourceEnd + " events in " + all + "; load " + Report.loadAverage());
                queries.addAll(queries(env, plan, "http://localhost:" + port, queryEnd));
                return new Report.Ingest(engineTook, prefix, all);
            } finally {
                app.stop();
            }
        }
    }

    private static List<Measurements> queries(BenchEnvironment env, Plan plan, String base, Instant end)
            throws Exception {
        List<Measurements> repetitions = new ArrayList<>();
        Recording recording = plan.jfr() == null ? null : new Recording(Configuration.getConfiguration("profile"));
        if (recording != null) {
            recording.start();
        }
        try {
            for (int r = 1; r <= plan.queryRepeats(); r++) {
                Measurements m = Measurements.run(base, env.kafka.bootstrapServers(), env.registry.url(),
                        plan.customers(), plan.queries(), plan.scans(), end.minus(WINDOW), end.plusMillis(1), 42L * r);
                log(String.format("queries %d: p50 %.1f ms, p99 %.1f ms, %.0f events each; scan p50 %.1f ms; load %s", r,
                        Measurements.percentile(m.queryNanos(), 0.5) / 1e6,
                        Measurements.percentile(m.queryNanos(), 0.99) / 1e6, m.eventsPerQuery(),
                        Measurements.percentile(m.scanNanos(), 0.5) / 1e6, Report.loadAverage()));
                repetitions.add(m);
            }
        } finally {
            if (recording != null) {
                recording.stop();
                recording.dump(plan.jfr());
                recording.close();
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

    private static HistoryConfig config(BenchEnvironment env, Path state, String application, int port) {
        Map<String, Object> props = new HashMap<>();
        props.put(HistoryConfig.BOOTSTRAP_SERVERS_CONFIG, env.kafka.bootstrapServers());
        props.put(HistoryConfig.SCHEMA_REGISTRY_URL_CONFIG, env.registry.url());
        props.put(HistoryConfig.APPLICATION_ID_CONFIG, application);
        props.put(HistoryConfig.APPLICATION_SERVER_CONFIG, "localhost:" + port);
        props.put(HistoryConfig.STATE_DIR_CONFIG, state.toString());
        props.put(HistoryConfig.SOURCE_TOPICS_CONFIG, TOPIC);
        props.put(HistoryConfig.OUTCOMES_TOPIC_CONFIG, application + ".no-outcomes");
        props.put(HistoryConfig.PARTITIONS_CONFIG, BenchEnvironment.PARTITIONS);
        props.put(HistoryConfig.STREAMS_PREFIX + "num.stream.threads", 2);
        return new HistoryConfig(props);
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
