package dev.rewind.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Writes the benchmark's result as Markdown. */
final class Report {

    private Report() {
    }

    static void write(Path file, int events, int customers, Duration produced, Duration indexed, Measurements m)
            throws IOException {
        double q50 = ms(Measurements.percentile(m.queryNanos(), 0.50));
        double q99 = ms(Measurements.percentile(m.queryNanos(), 0.99));
        double s50 = ms(Measurements.percentile(m.scanNanos(), 0.50));
        double s99 = ms(Measurements.percentile(m.scanNanos(), 0.99));
        String text = String.format(Locale.ROOT, """
                # History benchmark

                Run %s on this machine (2 cores shared with other builds), one in-JVM broker, 6 partitions.
                %,d events across %,d customers, event times spread over the last hour; each query asks for
                one random customer's events of the last 15 minutes (`GET /api/v1/events?cohort=customer:X&from=...`,
                all pages of up to 1000), about %.0f events each. The scan is the baseline: `offsetsForTimes(from)`
                on every partition, read to the end, decode (Avro via the registry) and filter by customer.

                | | p50 | p99 | samples |
                |---|---|---|---|
                | index query (HTTP) | %.1f ms | %.1f ms | %d |
                | window scan | %.1f ms | %.1f ms | %d |
                | ratio scan / index | %.0fx | %.0fx | |

                Goal: p99 <= 100 ms and >= 20x faster than the scan: %s.
                Index and scan disagreed on %d of the scanned customers.
                Producing took %s; the index caught up %s after it started.
                """, Instant.now(), events, customers, m.eventsPerQuery(), q50, q99, m.queryNanos().length, s50, s99,
                m.scanNanos().length, s50 / q50, s99 / q99,
                q99 <= 100 && s50 / q50 >= 20 ? "met" : "not met", m.mismatches(), produced, indexed);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        System.out.println(text);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
