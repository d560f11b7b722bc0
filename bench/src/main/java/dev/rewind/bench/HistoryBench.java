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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * History benchmark (issue 12): N events across C customers over the last hour, on one in-JVM
 * broker and registry. Repeated {@code bench.history.repeats} times (default 3), each with a fresh
 * index: the engine live path over the whole topic (its own component, so its own group) and then
 * the history index from an empty state, both timed until their committed offsets reach the
 * topic's end; then p50/p99 of {@code GET /api/v1/events?cohort=customer:X&from=now-15m} (every
 * page) against a scan of the same window (offsetsForTimes, read, decode, filter).
 *
 * <p>The index reads the source topic only: its outcomes topic is an empty one of its own, so the
 * ingest figure is the events' path (the engine's outcomes go to {@code rewind.outcomes}, which the
 * benchmark's index does not read).
 *
 * <p>Arguments: events, customers, queries, scans, result file (Markdown; the JSON goes beside it).
 */
public final class HistoryBench {

    static final String TOPIC = BenchEnvironment.SOURCE;
    static final Duration SPAN = Duration.ofHours(1);
    static final Duration WINDOW = Duration.ofMinutes(15);

    private HistoryBench() {
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.parseInt(args[0]);
        int customers = Integer.parseInt(args[1]);
        int queries = Integer.parseInt(args[2]);
        int scans = Integer.parseInt(args[3]);
        Path result = Path.of(args[4]);
        int repeats = Integer.getInteger("bench.history.repeats", 3);
        boolean engine = !Boolean.getBoolean("bench.history.noEngine");
        BenchResults json = new BenchResults("history");
        String loadBefore = Report.loadAverage();
        Path work = Files.createTempDirectory("rewind-history-bench");
        try (BenchEnvironment env = new BenchEnvironment()) {
            Scenarios scenarios = new Scenarios(env);
            env.createTopic(TOPIC);
            env.createTopic("out-engine");
            Instant end = Instant.now();
            long produceStart = System.nanoTime();
            produce(env, events, customers, end);
            Duration produced = Duration.ofNanos(System.nanoTime() - produceStart);
            long sourceEnd = env.sourceEnd();
            log("produced " + events + " events in " + produced);
            List<Report.Run> runs = new ArrayList<>();
            for (int i = 1; i <= repeats; i++) {
                String component = "bench-history-engine-" + i;
                Duration engineTook = null;
                if (engine) {
                    route(env, component);
                    engineTook = scenarios.engine(component, "live", "out-engine", sourceEnd);
                    log("engine live path run " + i + ": " + engineTook.toMillis() + " ms");
                }
                runs.add(indexRun(env, work.resolve("run-" + i), "bench-history-" + i, sourceEnd, engineTook,
                        customers, queries, scans, end));
            }
            Report.write(result, json, events, customers, produced, runs, loadBefore);
        }
        System.exit(0);
    }

    /** One fresh index: its ingest time, then queries and scans against it. */
    private static Report.Run indexRun(BenchEnvironment env, Path state, String application, long sourceEnd,
                                       Duration engineTook, int customers, int queries, int scans, Instant end)
            throws Exception {
        int port = freePort();
        long indexStart = System.nanoTime();
        try (HistoryIndex index = HistoryIndex.start(config(env, state, application, port));
             EventIngestor ingestor = new EventIngestor(env.clientConfig(), index.registry(),
                     new IngestTopics(env.admin, Pattern.compile(Pattern.quote(TOPIC)), Set::of))) {
            Javalin app = HttpApi.create(Json.mapper(), new AccessControl(AccessTokens.open()));
            new HistoryHandlers(index, ingestor, env.admin, Json.mapper()).register(app);
            app.start("localhost", port);
            try {
                CatchUp.await(env.admin, application, sourceEnd, Duration.ofHours(2));
                Duration indexed = Duration.ofNanos(System.nanoTime() - indexStart);
                log(application + " caught up in " + indexed);
                Measurements m = Measurements.run("http://localhost:" + port, env.kafka.bootstrapServers(),
                        env.registry.url(), customers, queries, scans, end.minus(WINDOW), end.plusMillis(1));
                return new Report.Run(engineTook, indexed, m);
            } finally {
                app.stop();
            }
        }
    }

    private static void route(BenchEnvironment env, String component) throws Exception {
        try (RoutePublisher publisher = RoutePublisher.create(env.clientConfig(), RouteLog.Options.DEFAULT_TOPIC,
                RouteTiming.DEFAULTS, Clock.offset(Clock.systemUTC(), Duration.ofDays(-1)))) {
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

    private static void produce(BenchEnvironment env, int events, int customers, Instant end) {
        long start = end.minus(SPAN).toEpochMilli();
        double step = (double) SPAN.toMillis() / events;
        String[] plans = {"free", "team", "enterprise"};
        try (KafkaProducer<byte[], byte[]> producer = env.producer()) {
            for (int i = 0; i < events; i++) {
                int customer = i % customers;
                String project = "c" + customer + "-p" + (i / customers) % 3;
                Cohort cohort = Cohort.newBuilder().setCustomer("c" + customer).setPlan(plans[customer % 3])
                        .setProject(project).build();
                CommitPushed event = CommitPushed.newBuilder().setEventId("e" + i).setCohort(cohort)
                        .setRepository("repo-" + project).setBranch("main").setCommitSha(Integer.toHexString(i))
                        .setAuthor("dev" + (i % 97)).build();
                producer.send(new ProducerRecord<>(TOPIC, null, start + (long) (i * step),
                        project.getBytes(StandardCharsets.UTF_8), env.encode(event)));
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
