package dev.rewind.replaytool.history.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.replaytool.history.EventRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class StoreFormatTest {

    private final Serde<EventRef> serde = StoreFormat.serde(EventRef.class);
    private final EventRef ref = new EventRef("release.events", 2, 42L, "e-1", "dev.rewind.Committed",
            Instant.parse("2026-01-01T10:00:00Z"));

    @Test
    void aValueIsWrittenWithTheFormatByteAndReadBack() {
        byte[] bytes = serde.serializer().serialize("store", ref);

        assertThat(bytes[0]).isEqualTo(StoreFormat.VERSION);
        assertThat(serde.deserializer().deserialize("store", bytes)).isEqualTo(ref);
    }

    @Test
    void aValueWrittenBeforeTheFormatByteIsReadAsPlainJson() {
        byte[] framed = serde.serializer().serialize("store", ref);
        byte[] legacy = Arrays.copyOfRange(framed, 1, framed.length);

        assertThat(new String(legacy, StandardCharsets.UTF_8)).startsWith("{");

        assertThat(serde.deserializer().deserialize("store", legacy)).isEqualTo(ref);
    }

    @Test
    void aValueOfAnUnknownFormatIsRefusedWithTheFormatNamed() {
        byte[] future = serde.serializer().serialize("store", ref);
        future[0] = 9;

        assertThatThrownBy(() -> serde.deserializer().deserialize("store", future))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("store format 9").hasMessageContaining("history.state.dir");
    }

    @Test
    void statisticsAreWrittenCompactAndReadBackWithTheirHistogram() {
        Serde<OutcomeStats> stats = StoreFormat.serde(OutcomeStats.class);
        OutcomeStats written = new OutcomeStats();
        for (long micros : new long[] {0, 3, 250, 250, 1_000_000, Long.MAX_VALUE}) {
            written.add(new OutcomeSample(micros == 250, micros));
        }

        byte[] bytes = stats.serializer().serialize("stats", written);
        OutcomeStats read = stats.deserializer().deserialize("stats", bytes);

        assertThat(bytes[0]).isEqualTo(StoreFormat.COMPACT);
        assertThat(read.count()).isEqualTo(6);
        assertThat(read.errors()).isEqualTo(2);
        assertThat(read.durations().buckets()).isEqualTo(written.durations().buckets());
        assertThat(read.durations().quantile(0.5)).isEqualTo(written.durations().quantile(0.5));
    }

    @Test
    void aSampleIsWrittenCompactAndReadBack() {
        Serde<OutcomeSample> samples = StoreFormat.serde(OutcomeSample.class);
        OutcomeSample sample = new OutcomeSample(true, 123_456_789L);

        byte[] bytes = samples.serializer().serialize("repartition", sample);

        assertThat(bytes).hasSizeLessThan(8);
        assertThat(samples.deserializer().deserialize("repartition", bytes)).isEqualTo(sample);
    }

    @Test
    void statisticsWrittenAsJsonBeforeTheCompactFormatAreStillRead() {
        byte[] json = "{\"count\":3,\"errors\":1,\"durations\":{\"buckets\":{\"40\":2,\"10\":1}}}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] formatOne = new byte[json.length + 1];
        formatOne[0] = StoreFormat.VERSION;
        System.arraycopy(json, 0, formatOne, 1, json.length);

        for (byte[] bytes : new byte[][] {json, formatOne}) {
            OutcomeStats read = StoreFormat.serde(OutcomeStats.class).deserializer().deserialize("stats", bytes);
            assertThat(read.count()).isEqualTo(3);
            assertThat(read.errors()).isEqualTo(1);
            assertThat(read.durations().buckets()).isEqualTo(java.util.Map.of(10, 1L, 40, 2L));
        }
    }

    @Test
    void truncatedOrOversizedCompactStatisticsAreRefusedNamingTheFormat() {
        Serde<OutcomeStats> stats = StoreFormat.serde(OutcomeStats.class);
        OutcomeStats written = new OutcomeStats().add(new OutcomeSample(false, 1_000));
        byte[] bytes = stats.serializer().serialize("stats", written);
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 1);
        byte[] oversized = {StoreFormat.COMPACT, 2, 0, 0, (byte) 0xfe, (byte) 0xff, 0x7f};

        for (byte[] bad : new byte[][] {truncated, oversized}) {
            assertThatThrownBy(() -> stats.deserializer().deserialize("stats", bad))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("store format 2");
        }
    }
}
