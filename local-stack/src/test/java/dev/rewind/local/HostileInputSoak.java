package dev.rewind.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.demo.release.CommitPushed;
import dev.rewind.examples.release.ReleaseDemo;
import dev.rewind.local.DemoAccounting.Accounting;
import dev.rewind.schemas.avro.Cohort;
import dev.rewind.schemas.serde.AvroSerializer;
import dev.rewind.schemas.serde.TopicRecordNameStrategy;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's soak (profile {@code soak}, not in the default run): a running stack (embedded broker,
 * registry, replay service, demo v1 and v2, the generator at 20 events/s) gets every kind of hostile
 * input in turn, round after round, for {@code soak.duration} (default 10 minutes). After each
 * injection both versions must commit past it (lag back to zero for what was written before); at the
 * end every source record has exactly one live outcome, or no outcome and one dead letter on behalf of
 * no version, no outcome is doubled for a read_committed reader, and heap and disk stay bounded. The
 * figures are printed and written to {@code target/soak.txt}.
 */
class HostileInputSoak {

    private static final Duration CATCH_UP = Duration.ofSeconds(120);

    @TempDir
    Path home;

    private LocalStack stack;
    private AvroSerializer serializer;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyKindOfHostileInputLeavesNoLagNoLossAndNoDuplicate() throws Exception {
        Duration duration = Duration.parse(System.getProperty("soak.duration", "PT10M"));
        Map<String, Consumer<KafkaProducer<byte[], byte[]>>> kinds = kinds();
        Map<String, Duration> slowest = new LinkedHashMap<>();
        List<Long> heap = new ArrayList<>();
        // the machine is shared: the one-minute load average says how much CPU the catch-up times had
        List<Double> load = new ArrayList<>(List.of(loadAverage()));
        int rounds = 0;
        try (LocalStack started = LocalStack.start(LocalStackOptions.onFreePorts(home).withEventsPerSecond(20));
             Admin admin = Admin.create(started.clientConfig());
             KafkaProducer<byte[], byte[]> producer = producer(started)) {
            stack = started;
            serializer = new AvroSerializer();
            serializer.configure(Map.of("schema.registry.url", stack.registryUrl(),
                    "value.subject.name.strategy", TopicRecordNameStrategy.class.getName()), false);
            heap.add(usedHeapAfterGc());
            Instant end = Instant.now().plus(duration);
            while (Instant.now().isBefore(end)) {
                for (Map.Entry<String, Consumer<KafkaProducer<byte[], byte[]>>> kind : kinds.entrySet()) {
                    kind.getValue().accept(producer);
                    producer.flush();
                    Duration took = awaitCommittedPastEnd(admin);
                    slowest.merge(kind.getKey(), took, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                }
                rounds++;
                heap.add(usedHeapAfterGc());
                load.add(loadAverage());
            }
            stack.generator().ifPresent(generator -> generator.close());
            awaitCommittedPastEnd(admin);
            Accounting accounting = DemoAccounting.account(stack.bootstrapServers(), stack.registryUrl(), null);
            long disk = sizeOf(home);
            String figures = figures(duration, rounds, slowest, heap, disk, accounting)
                    + String.format("  stack home, sum of file lengths (sparse index files in full): %,d MB%n",
                            apparentSizeOf(home) >> 20)
                    + String.format("  load average (1 min, %d cores): start %.1f, max %.1f, end %.1f%n",
                            Runtime.getRuntime().availableProcessors(), load.get(0),
                            load.stream().mapToDouble(Double::doubleValue).max().orElse(0), loadAverage());
            System.out.println(figures);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "soak.txt"), figures);

            assertThat(accounting.violations()).as("records without exactly one live outcome or one dead letter")
                    .isEmpty();
            assertThat(accounting.duplicates()).as("live outcomes seen twice by a read_committed reader").isZero();
            assertThat(heap.get(heap.size() - 1) - heap.get(0)).as("heap growth after GC, bytes")
                    .isLessThan(512L * 1024 * 1024);
            assertThat(disk).as("stack home, bytes").isLessThan(2L * 1024 * 1024 * 1024);
        }
    }

    /** The kinds of issue 13 that reach a source topic or the API, each as one injection. */
    private Map<String, Consumer<KafkaProducer<byte[], byte[]>>> kinds() {
        Map<String, Consumer<KafkaProducer<byte[], byte[]>>> kinds = new LinkedHashMap<>();
        // 1: a wire-format record of a registered schema declaring a 2^31 - 1 byte string
        kinds.put("declared-length", p -> {
            byte[] valid = serialize(event());
            byte[] bomb = Arrays.copyOf(valid, 10);
            bomb[5] = (byte) 0xfe;
            bomb[6] = (byte) 0xff;
            bomb[7] = (byte) 0xff;
            bomb[8] = (byte) 0xff;
            bomb[9] = (byte) 0x0f;
            send(p, "p".getBytes(StandardCharsets.UTF_8), bomb, null);
        });
        // 2: not Avro, 100 KB key and 940 KB value: its dead letter with a copy exceeds max.request.size
        kinds.put("unwritable-size", p -> send(p, new byte[100_000], new byte[940_000], null));
        // 3: dated 50 minutes ahead (the broker accepts up to an hour)
        kinds.put("future-dated", p -> send(p, "soak-p".getBytes(StandardCharsets.UTF_8), serialize(event()),
                Instant.now().plus(Duration.ofMinutes(50)).toEpochMilli()));
        // 3/4: dated 1 ms after the epoch, before every route
        kinds.put("before-routes", p -> send(p, "soak-p".getBytes(StandardCharsets.UTF_8), serialize(event()), 1L));
        // 5: not an event at all
        kinds.put("not-avro", p -> send(p, "k".getBytes(StandardCharsets.UTF_8),
                "not avro".getBytes(StandardCharsets.UTF_8), null));
        // 6: ingest into rewind's own topic must be refused
        kinds.put("ingest-forbidden", p -> assertThat(post("/api/v1/events?topic=rewind.control",
                "{\"eventId\":\"x\"}")).isBetween(400, 499));
        // 7: a cohort outside the grammar must be refused
        kinds.put("invalid-cohort", p -> assertThat(post("/api/v1/replays", "{\"component\":\""
                + ReleaseDemo.COMPONENT + "\",\"version\":\"v2\",\"cohort\":\"customer:a:b\",\"from\":\""
                + Instant.now().minusSeconds(60) + "\",\"reason\":\"soak\"}")).isBetween(400, 499));
        // 8: a partition ending in transaction markers and an aborted record
        kinds.put("transaction-markers", p -> transactions());
        return kinds;
    }

    private CommitPushed event() {
        return CommitPushed.newBuilder().setEventId(UUID.randomUUID().toString())
                .setCohort(Cohort.newBuilder().setCustomer("soak").setPlan("team").setProject("soak-p").build())
                .setRepository("repo").setBranch("main").setCommitSha("abc").setAuthor("ada").build();
    }

    private byte[] serialize(Object value) {
        return serializer.serialize(ReleaseDemo.EVENTS_TOPIC, value);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, byte[] key, byte[] value, Long timestamp) {
        try {
            producer.send(new ProducerRecord<>(ReleaseDemo.EVENTS_TOPIC, 0, timestamp, key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("could not write the hostile record", e);
        }
    }

    private void transactions() {
        Map<String, Object> config = new HashMap<>(stack.clientConfig());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "soak-" + UUID.randomUUID());
        try (KafkaProducer<byte[], byte[]> tx = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            tx.initTransactions();
            tx.beginTransaction();
            for (int i = 0; i < 2; i++) {
                tx.send(new ProducerRecord<>(ReleaseDemo.EVENTS_TOPIC, 1, null,
                        "soak-p".getBytes(StandardCharsets.UTF_8), serialize(event())));
            }
            tx.commitTransaction();
            tx.beginTransaction();
            tx.send(new ProducerRecord<>(ReleaseDemo.EVENTS_TOPIC, 1, null, "soak-p".getBytes(StandardCharsets.UTF_8),
                    serialize(event())));
            tx.flush();
            tx.abortTransaction();
        }
    }

    private int post(String path, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(stack.serviceUrl() + path))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until both versions committed past what a read_committed reader can read now; returns how long. */
    private Duration awaitCommittedPastEnd(Admin admin) throws Exception {
        long started = System.nanoTime();
        Map<TopicPartition, Long> end = DemoAccounting.sourceEnd(admin);
        await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(250)).until(() -> DemoAccounting.allPast(admin, end));
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static KafkaProducer<byte[], byte[]> producer(LocalStack stack) {
        Map<String, Object> config = new HashMap<>(stack.clientConfig());
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * The bytes the directory takes on disk ({@code du -sk}: allocated blocks). The files' lengths say more than
     * the disk holds: Kafka preallocates each active segment's offset and time index (10 MB each, sparse), so with
     * about a hundred partitions the lengths add up to 2 GB whatever the data.
     */
    private static long sizeOf(Path dir) throws IOException {
        Process du = new ProcessBuilder("du", "-sk", dir.toString()).redirectErrorStream(true).start();
        String out = new String(du.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        try {
            if (du.waitFor() != 0) {
                throw new IOException("du -sk " + dir + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while measuring " + dir, e);
        }
        return Long.parseLong(out.split("\\s+")[0]) * 1024;
    }

    /** The sum of the files' lengths, sparse preallocated index files at their full length (see {@link #sizeOf}). */
    private static long apparentSizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static String figures(Duration duration, int rounds, Map<String, Duration> slowest, List<Long> heap,
            long disk, Accounting accounting) {
        StringBuilder text = new StringBuilder("soak " + duration + ": " + rounds + " rounds of " + slowest.size()
                + " kinds\n");
        slowest.forEach((kind, took) -> text.append(String.format("  %-20s both versions committed past it within"
                + " %,d ms (slowest round)%n", kind, took.toMillis())));
        text.append(String.format("  source records %,d, live outcomes %,d, dead letters %,d, violations %d,"
                        + " duplicates %d%n", accounting.records(), accounting.outcomes(), accounting.deadLetters(),
                accounting.violations().size(), accounting.duplicates()));
        text.append(String.format("  heap after GC: first %,d MB, last %,d MB, max %,d MB%n", heap.get(0) >> 20,
                heap.get(heap.size() - 1) >> 20, heap.stream().mapToLong(Long::longValue).max().orElse(0) >> 20));
        text.append(String.format("  stack home on disk (du): %,d MB%n", disk >> 20));
        accounting.violations().forEach(v -> text.append("  violation ").append(v).append('\n'));
        return text.toString();
    }
}
