package dev.rewind.bench;

import dev.rewind.api.Json;
import dev.rewind.replaytool.access.AccessControl;
import dev.rewind.replaytool.access.AccessTokens;
import dev.rewind.replaytool.history.EventIngestor;
import dev.rewind.replaytool.history.HistoryConfig;
import dev.rewind.replaytool.history.HistoryHandlers;
import dev.rewind.replaytool.history.HistoryIndex;
import dev.rewind.replaytool.history.IngestTopics;
import dev.rewind.replaytool.http.HttpApi;
import io.javalin.Javalin;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The query side of the history benchmark: a history index over the benchmark's source topic and the
 * service's HTTP API over it, and what the API's threads spend on queries ({@link #mark}, {@link #used}).
 *
 * <p>Runs in the benchmark's JVM, or, with {@link #main}, in a JVM of its own, as the replay service
 * runs in production apart from the brokers: its measurements are then asked over HTTP
 * ({@code /bench/...}, see {@link #exposeMeasurements}).
 */
final class IndexServer implements AutoCloseable {

    /** What the service JVM prints once it serves. */
    static final String READY = "index server ready";

    /**
     * What the HTTP server's threads used since {@link #mark}.
     *
     * @param allocatedBytes heap they allocated
     * @param cpuNanos       their CPU time
     * @param gcPauses       the JVM's collections in that time ({@link GcPauses#summary})
     */
    record Usage(long allocatedBytes, long cpuNanos, String gcPauses) {
    }

    private final Admin admin;
    private final HistoryIndex index;
    private final EventIngestor ingestor;
    private final Javalin app;
    private ServerThreads marked;
    private GcPauses pauses;
    private Recording recording;

    private IndexServer(Admin admin, HistoryIndex index, EventIngestor ingestor, Javalin app) {
        this.admin = admin;
        this.index = index;
        this.ingestor = ingestor;
        this.app = app;
    }

    /** Starts an index named {@code application} with its state in {@code state}, serving on {@code port}. */
    static IndexServer start(String bootstrap, String registry, Path state, String application, int port) {
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        HistoryIndex index = HistoryIndex.start(config(bootstrap, registry, state, application, port));
        EventIngestor ingestor = new EventIngestor(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                index.registry(), new IngestTopics(admin, Pattern.compile(Pattern.quote(HistoryBench.TOPIC)), Set::of));
        Javalin app = HttpApi.create(Json.mapper(), new AccessControl(AccessTokens.open()));
        new HistoryHandlers(index, ingestor, admin, Json.mapper()).register(app);
        app.start("localhost", port);
        return new IndexServer(admin, index, ingestor, app);
    }

    private static HistoryConfig config(String bootstrap, String registry, Path state, String application, int port) {
        Map<String, Object> props = new HashMap<>();
        props.put(HistoryConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(HistoryConfig.SCHEMA_REGISTRY_URL_CONFIG, registry);
        props.put(HistoryConfig.APPLICATION_ID_CONFIG, application);
        props.put(HistoryConfig.APPLICATION_SERVER_CONFIG, "localhost:" + port);
        props.put(HistoryConfig.STATE_DIR_CONFIG, state.toString());
        props.put(HistoryConfig.SOURCE_TOPICS_CONFIG, HistoryBench.TOPIC);
        props.put(HistoryConfig.OUTCOMES_TOPIC_CONFIG, application + ".no-outcomes");
        props.put(HistoryConfig.PARTITIONS_CONFIG, BenchEnvironment.PARTITIONS);
        props.put(HistoryConfig.STREAMS_PREFIX + "num.stream.threads", 2);
        return new HistoryConfig(props);
    }

    /** Starts counting the HTTP threads' allocation and CPU and the JVM's collections. */
    synchronized void mark() {
        if (pauses != null) {
            pauses.close();
        }
        pauses = GcPauses.listen();
        marked = ServerThreads.start();
    }

    /** What was used since {@link #mark}. */
    synchronized Usage used() {
        ServerThreads.Usage used = marked.used();
        return new Usage(used.allocatedBytes(), used.cpuNanos(), pauses.summary());
    }

    /** Starts a Java Flight Recorder recording (settings {@code profile}). */
    synchronized void startRecording() throws IOException, java.text.ParseException {
        recording = new Recording(Configuration.getConfiguration("profile"));
        recording.start();
    }

    /** Stops the recording and writes it to {@code file}. */
    synchronized void stopRecording(Path file) throws IOException {
        recording.stop();
        recording.dump(file);
        recording.close();
        recording = null;
    }

    /** The benchmark's routes, for a benchmark in another JVM: mark, usage, recording start and stop. */
    void exposeMeasurements() {
        app.post("/bench/mark", ctx -> mark());
        app.get("/bench/usage", ctx -> ctx.json(used()));
        app.post("/bench/recording/start", ctx -> startRecording());
        app.post("/bench/recording/stop", ctx -> stopRecording(Path.of(ctx.queryParam("file"))));
    }

    @Override
    public void close() {
        app.stop();
        ingestor.close();
        index.close();
        admin.close();
    }

    /**
     * The service JVM: arguments bootstrap servers, registry URL, state directory, application id and
     * port; serves until it is terminated.
     */
    public static void main(String[] args) throws InterruptedException {
        IndexServer server = start(args[0], args[1], Path.of(args[2]), args[3], Integer.parseInt(args[4]));
        server.exposeMeasurements();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "index-server-stop"));
        System.out.println(READY);
        stopped.await();
    }
}
