package dev.rewind.bench;

import dev.rewind.demo.release.CommitPushed;
import dev.rewind.kafka.embedded.EmbeddedKafka;
import dev.rewind.replaytool.access.AccessControl;
import dev.rewind.replaytool.access.AccessTokens;
import dev.rewind.replaytool.history.EventIngestor;
import dev.rewind.replaytool.history.HistoryConfig;
import dev.rewind.replaytool.history.HistoryHandlers;
import dev.rewind.replaytool.history.HistoryIndex;
import dev.rewind.replaytool.http.HttpApi;
import dev.rewind.api.Json;
import dev.rewind.schemas.avro.Cohort;
import dev.rewind.schemas.serde.AvroSerializer;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * History benchmark (issue 5): N events across C customers over the last hour; p50/p99 of
 * {@code GET /api/v1/events?cohort=customer:X&from=now-15m} against a scan of the same window
 * (offsetsForTimes, then read and filter) in the same run, on one in-JVM broker.
 *
 * <p>Arguments: events, customers, queries, scans, result file.
 */
public final class HistoryBench {

    static final String TOPIC = "bench.events";
    static final String REGISTRY = "mock://history-bench";
    static final int PARTITIONS = 6;
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
        Path work = Files.createTempDirectory("rewind-history-bench");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults());
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
            Instant end = Instant.now();
            long produceStart = System.nanoTime();
            produce(kafka.bootstrapServers(), events, customers, end);
            Duration produced = Duration.ofNanos(System.nanoTime() - produceStart);
            System.out.printf("produced %d events in %s%n", events, produced);

            int port = freePort();
            long indexStart = System.nanoTime();
            try (HistoryIndex index = HistoryIndex.start(config(kafka.bootstrapServers(), work, port));
                 EventIngestor ingestor = new EventIngestor(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                         index.registry(), new dev.rewind.replaytool.history.IngestTopics(admin,
                                 java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(TOPIC)), java.util.Set::of))) {
                Javalin app = HttpApi.create(Json.mapper(), new AccessControl(AccessTokens.open()));
                new HistoryHandlers(index, ingestor, admin, Json.mapper()).register(app);
                app.start("localhost", port);
                try {
                    CatchUp.await(admin, "bench-history", Duration.ofHours(2));
                    Duration indexed = Duration.ofNanos(System.nanoTime() - indexStart);
                    System.out.printf("indexed in %s%n", indexed);
                    Measurements m = Measurements.run("http://localhost:" + port, kafka.bootstrapServers(),
                            customers, queries, scans, end.minus(WINDOW), end.plusMillis(1));
                    Report.write(result, events, customers, produced, indexed, m);
                } finally {
                    app.stop();
                }
            }
        }
    }

    private static HistoryConfig config(String bootstrap, Path work, int port) {
        Map<String, Object> props = new HashMap<>();
        props.put(HistoryConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(HistoryConfig.SCHEMA_REGISTRY_URL_CONFIG, REGISTRY);
        props.put(HistoryConfig.APPLICATION_ID_CONFIG, "bench-history");
        props.put(HistoryConfig.APPLICATION_SERVER_CONFIG, "localhost:" + port);
        props.put(HistoryConfig.STATE_DIR_CONFIG, work.resolve("state").toString());
        props.put(HistoryConfig.SOURCE_TOPICS_CONFIG, TOPIC);
        props.put(HistoryConfig.PARTITIONS_CONFIG, PARTITIONS);
        props.put(HistoryConfig.STREAMS_PREFIX + "num.stream.threads", 2);
        return new HistoryConfig(props);
    }

    private static void produce(String bootstrap, int events, int customers, Instant end) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("schema.registry.url", REGISTRY);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        AvroSerializer serializer = new AvroSerializer();
        serializer.configure(props, false);
        long start = end.minus(SPAN).toEpochMilli();
        double step = (double) SPAN.toMillis() / events;
        String[] plans = {"free", "team", "enterprise"};
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(props, new StringSerializer(), serializer)) {
            for (int i = 0; i < events; i++) {
                int customer = i % customers;
                String project = "c" + customer + "-p" + (i / customers) % 3;
                Cohort cohort = Cohort.newBuilder().setCustomer("c" + customer).setPlan(plans[customer % 3])
                        .setProject(project).build();
                CommitPushed event = CommitPushed.newBuilder().setEventId("e" + i).setCohort(cohort)
                        .setRepository("repo-" + project).setBranch("main").setCommitSha(Integer.toHexString(i))
                        .setAuthor("dev" + (i % 97)).build();
                producer.send(new ProducerRecord<>(TOPIC, null, start + (long) (i * step), project, event));
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Partitions of the index's input topics, for the catch-up check. */
    static boolean isIndexInput(String topic) {
        return topic.equals(TOPIC) || topic.startsWith("bench-history-");
    }

    static Set<String> topics() {
        return Set.of(TOPIC);
    }
}
