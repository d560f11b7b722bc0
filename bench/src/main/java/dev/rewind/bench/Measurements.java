package dev.rewind.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.schemas.serde.AvroDeserializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Times index queries and window scans for random customers, and checks both find the same events.
 *
 * @param server what the server's HTTP threads allocated and spent on CPU for the timed queries, and the
 *               server JVM's collections meanwhile
 */
record Measurements(long[] queryNanos, long[] scanNanos, double eventsPerQuery, int mismatches,
                    IndexServer.Usage server) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * {@code queries} timed queries (after 20 untimed ones) of random customers, then {@code scans}
     * scans of customers the queries asked for, compared by count.
     *
     * @param seed the customers' random sequence (each repetition its own)
     */
    static Measurements run(QuerySide side, String bootstrap, String registry, int customers, int queries, int scans,
                            Instant from, Instant to, long seed) throws Exception {
        String base = side.base();
        Random random = new Random(seed);
        HttpClient http = HttpClient.newHttpClient();
        Map<String, Integer> indexCounts = new HashMap<>();
        long[] queryNanos = new long[queries];
        long total = 0;
        for (int i = -20; i < queries; i++) {
            if (i == 0) {
                side.mark();
            }
            String customer = "c" + random.nextInt(customers);
            long start = System.nanoTime();
            int count = query(http, base, customer, from, to);
            if (i >= 0) {
                queryNanos[i] = System.nanoTime() - start;
                total += count;
            }
            indexCounts.put(customer, count);
        }
        IndexServer.Usage server = side.used();
        long[] scanNanos = new long[scans];
        int mismatches = 0;
        List<String> scanned = new ArrayList<>(indexCounts.keySet()).subList(0, Math.min(scans, indexCounts.size()));
        for (int i = 0; i < scanned.size(); i++) {
            long start = System.nanoTime();
            int count = scan(bootstrap, registry, scanned.get(i), from, to);
            scanNanos[i] = System.nanoTime() - start;
            if (count != indexCounts.get(scanned.get(i))) {
                System.out.printf("MISMATCH %s index %d scan %d%n", scanned.get(i), indexCounts.get(scanned.get(i)),
                        count);
                mismatches++;
            }
        }
        return new Measurements(queryNanos, scanNanos, (double) total / queries, mismatches, server);
    }

    /** All the customer's events in the window through the API, following cursors. */
    private static int query(HttpClient http, String base, String customer, Instant from, Instant to)
            throws Exception {
        int count = 0;
        String cursor = null;
        do {
            String uri = base + "/api/v1/events?cohort=customer:" + customer + "&from=" + from + "&to=" + to
                    + "&limit=1000" + (cursor == null ? "" : "&cursor=" + cursor);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(uri + " -> " + response.statusCode() + " " + response.body());
            }
            JsonNode page = MAPPER.readTree(response.body());
            count += page.path("events").size();
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null);
        return count;
    }

    /** The baseline: seek every partition to the window start by time, read to the end, decode and filter. */
    private static int scan(String bootstrap, String registry, String customer, Instant from, Instant to) {
        Map<String, Object> props = Map.of("bootstrap.servers", bootstrap, "enable.auto.commit", false,
                "max.poll.records", 5000, "fetch.max.bytes", 64 * 1024 * 1024);
        AvroDeserializer avro = new AvroDeserializer();
        avro.configure(Map.of("schema.registry.url", registry), false);
        int count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(HistoryBench.TOPIC)) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            partitions.forEach(tp -> consumer.seek(tp, starts.get(tp) == null ? ends.get(tp) : starts.get(tp).offset()));
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.timestamp() >= to.toEpochMilli()) {
                        continue;
                    }
                    GenericRecord event = (GenericRecord) avro.deserialize(r.topic(), r.value());
                    Object c = ((GenericRecord) event.get("cohort")).get("customer");
                    if (c != null && customer.equals(c.toString())) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    static long percentile(long[] nanos, double q) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }
}
