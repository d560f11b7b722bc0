package dev.rewind.bench;

import dev.rewind.demo.release.CommitPushed;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.runtime.spi.CohortKeys;
import dev.rewind.engine.runtime.spi.DecodeResult;
import dev.rewind.engine.runtime.spi.EventDecoder;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.schemas.registry.InMemorySchemaRegistryClient;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.schemas.serde.AvroSerializer;
import dev.rewind.schemas.serde.CohortMatcher;
import dev.rewind.schemas.serde.EventProjection;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * The per-record cost of reading an event's cohort to decide whether a replay selects it (issue 12,
 * replay row and skip path with per-cohort routes), as CPU time and allocated bytes of the reading
 * thread, which the machine's load does not inflate the way it inflates wall time: the engine's
 * {@link EventDecoder#peek projection} against its {@link EventDecoder#peekCohort byte matcher},
 * beside a full decode and beside doing nothing per record (what a raw consumer does after its fetch).
 *
 * <p>{@code CommitPushed} records as the replay benchmark writes them (1% of them of the replayed
 * customer), already in memory: no broker, no fetch. Each round runs every variant over all records,
 * in an order rotated per round; the report gives the median and spread over the rounds.
 *
 * <p>Usage: {@code ProjectionBenchmark <records> <rounds> <report.md>}; writes the Markdown report and
 * {@code projection.json} beside it.
 */
public final class ProjectionBenchmark {

    private static final CohortSelector SELECTOR = CohortSelector.customer("cohort-1pct");
    private static final String TOPIC = "bench-source";
    private static final int WARM_UP_ROUNDS = 3;

    private ProjectionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 11;
        Path report = Path.of(args.length > 2 ? args[2] : "bench/results/projection.md");

        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        AvroSerializer serializer = new AvroSerializer(registry);
        List<ConsumerRecord<byte[], byte[]>> records = records(serializer, count);
        EventDecoder decoder = new EventDecoder(new AvroDeserializer(registry), new EventProjection(registry),
                new CohortMatcher(registry));
        CohortKeys keys = CohortKeys.of(List.of(SELECTOR)).orElseThrow();

        Map<String, ToIntFunction<ConsumerRecord<byte[], byte[]>>> variants = new LinkedHashMap<>();
        variants.put("nothing (a raw consumer after its fetch)", record -> record.value().length & 1);
        variants.put("byte matcher (EventDecoder.peekCohort)", record -> {
            Cohort cohort = decoder.peekCohort(record, keys);
            return cohort != null && SELECTOR.matches(cohort) ? 1 : 0;
        });
        variants.put("projection (EventDecoder.peek)", record -> {
            EventDecoder.Peeked peeked = decoder.peek(record);
            return peeked != null && SELECTOR.matches(peeked.cohort()) ? 1 : 0;
        });
        variants.put("full decode (EventDecoder.decode)", record -> decoder.decode(record)
                instanceof DecodeResult.Decoded decoded && SELECTOR.matches(decoded.event().cohort()) ? 1 : 0);

        List<String> names = new ArrayList<>(variants.keySet());
        Map<String, double[]> nanos = new LinkedHashMap<>();
        Map<String, double[]> bytes = new LinkedHashMap<>();
        names.forEach(name -> {
            nanos.put(name, new double[rounds]);
            bytes.put(name, new double[rounds]);
        });
        String loadBefore = String.format(Locale.ROOT, "%.1f", BenchResults.loadAverage());
        for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(Math.floorMod(round + i, names.size()));
                long[] measured = run(variants.get(name), records, name);
                if (round >= 0) {
                    nanos.get(name)[round] = (double) measured[0] / records.size();
                    bytes.get(name)[round] = (double) measured[1] / records.size();
                }
            }
            System.out.printf(Locale.ROOT, "round %d done, load %.1f%n", round, BenchResults.loadAverage());
        }
        String loadAfter = String.format(Locale.ROOT, "%.1f", BenchResults.loadAverage());

        BenchResults results = new BenchResults("projection");
        String matcher = names.get(1);
        String projection = names.get(2);
        results.add("reading the cohort for a replay: byte matcher vs projection, CPU per record", nanos.get(matcher),
                nanos.get(projection), "ns", "< 1.0x", BenchResults.median(nanos.get(matcher))
                        < BenchResults.median(nanos.get(projection)));
        results.add("byte matcher vs projection, bytes allocated per record", bytes.get(matcher), bytes.get(projection),
                "B", "< 1.0x", BenchResults.median(bytes.get(matcher)) < BenchResults.median(bytes.get(projection)));
        results.detail("nothingNanos", nanos.get(names.get(0)));
        results.detail("fullDecodeNanos", nanos.get(names.get(3)));
        results.detail("fullDecodeBytes", bytes.get(names.get(3)));
        Path dir = report.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        results.write(dir);
        String markdown = markdown(count, rounds, names, nanos, bytes, loadBefore, loadAfter, records.get(0).value().length);
        Files.writeString(report, markdown);
        System.out.println(markdown);
    }

    /** One pass over every record; returns {CPU nanos, allocated bytes} of this thread. */
    private static long[] run(ToIntFunction<ConsumerRecord<byte[], byte[]>> variant,
                              List<ConsumerRecord<byte[], byte[]>> records, String name) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int selected = 0;
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            selected += variant.applyAsInt(record);
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        int expected = name.startsWith("nothing") ? selected : (records.size() + 99) / 100;
        if (selected != expected) {
            throw new IllegalStateException(name + " selected " + selected + " records, expected " + expected);
        }
        return new long[] {cpu, allocated};
    }

    /** CommitPushed records as the replay benchmark writes them: every hundredth of the replayed customer. */
    private static List<ConsumerRecord<byte[], byte[]>> records(AvroSerializer serializer, int count) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            CommitPushed event = CommitPushed.newBuilder().setEventId(String.format("evt-%012d-%s", n, "a1b2c3d4e5f6"))
                    .setCohort(dev.rewind.schemas.avro.Cohort.newBuilder()
                            .setCustomer(n % 100 == 0 ? "cohort-1pct" : "customer-" + (n % 50))
                            .setPlan(n % 3 == 0 ? "enterprise" : "team").setProject("project-" + (n % 500)).build())
                    .setRepository("github.com/rewind-demo/service-" + (n % 20)).setBranch("main")
                    .setCommitSha(String.format("%040x", n * 2654435761L)).setAuthor("developer-" + (n % 30)).build();
            byte[] key = event.getCohort().getProject().getBytes(StandardCharsets.UTF_8);
            records.add(new ConsumerRecord<>(TOPIC, n % 6, n, 1_700_000_000_000L + n, TimestampType.CREATE_TIME, 0, 0,
                    key, serializer.serialize(TOPIC, event), new RecordHeaders(), Optional.empty()));
        }
        return records;
    }

    private static String markdown(int count, int rounds, List<String> names, Map<String, double[]> nanos,
                                   Map<String, double[]> bytes, String loadBefore, String loadAfter, int size) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "# Reading the cohort per record (issue 12)%n%n"
                + "`ProjectionBenchmark %d %d`: %d `CommitPushed` records of about %d bytes (1%% of the replayed customer)"
                + " in memory, every variant over all of them per round, the order rotated per round, %d warm-up rounds;"
                + " CPU time and allocated bytes of the reading thread (`ThreadMXBean`). Java %s, load average %s before,"
                + " %s after.%n%n", count, rounds, count, size, WARM_UP_ROUNDS, System.getProperty("java.version"),
                loadBefore, loadAfter));
        out.append("| variant | CPU ns/record (median) | spread | allocated B/record (median) | spread |\n");
        out.append("|---|---:|---:|---:|---:|\n");
        for (String name : names) {
            out.append(String.format(Locale.ROOT, "| %s | %.0f | %s | %.0f | %s |%n", name,
                    BenchResults.median(nanos.get(name)), BenchResults.spread(nanos.get(name)),
                    BenchResults.median(bytes.get(name)), BenchResults.spread(bytes.get(name))));
        }
        return out.toString();
    }
}
