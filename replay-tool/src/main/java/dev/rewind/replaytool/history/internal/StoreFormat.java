package dev.rewind.replaytool.history.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * The format of the history index's store values (RocksDB and their changelog topics), apart from
 * the REST API's JSON: a change to the API does not change what is stored, and a store written by
 * a newer format is refused with a message rather than misread.
 *
 * <p>Layout: one format byte ({@value #VERSION}), then the value record as JSON written by this
 * class's own mapper (ISO-8601 instants and durations, unknown fields ignored on read so a field
 * may be added without a new version; removing or retyping one needs a new version and a reader
 * for the old one). Values written before the format byte existed (plain JSON, first byte
 * {@code '{'}) are read as version 0, which had the same JSON shape.
 *
 * <p>The windowed statistics, updated once per outcome and per key, are written in format
 * {@value #COMPACT} instead: {@link OutcomeSample} as one byte (1 for an error) and the duration in
 * microseconds as a varlong; {@link OutcomeStats} as varlongs count and errors, then the histogram's
 * first bucket and bucket count as varints and each bucket's count as a varlong (Kafka's zig-zag
 * varints, {@link ByteUtils}). Their format-1 and format-0 JSON values are still read.
 */
public final class StoreFormat {

    /** The format written today for every value but the statistics'. */
    public static final byte VERSION = 1;

    /** The format written today for {@link OutcomeSample} and {@link OutcomeStats}. */
    public static final byte COMPACT = 2;

    private static final byte LEGACY_JSON = '{';

    private static final ObjectMapper STORE_MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StoreFormat() {
    }

    /** The serde of one store's values of {@code type}. */
    public static <T> Serde<T> serde(Class<T> type) {
        Serializer<T> serializer = (topic, value) -> value == null ? null : write(value);
        Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : read(topic, bytes, type);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    static byte[] write(Object value) {
        if (value instanceof OutcomeSample sample) {
            ByteBuffer buffer = ByteBuffer.allocate(2 + ByteUtils.sizeOfVarlong(sample.durationMicros()));
            buffer.put(COMPACT).put((byte) (sample.error() ? 1 : 0));
            ByteUtils.writeVarlong(sample.durationMicros(), buffer);
            return buffer.array();
        }
        if (value instanceof OutcomeStats stats) {
            return writeCompact(stats);
        }
        try {
            byte[] json = STORE_MAPPER.writeValueAsBytes(value);
            byte[] framed = new byte[json.length + 1];
            framed[0] = VERSION;
            System.arraycopy(json, 0, framed, 1, json.length);
            return framed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(String topic, byte[] bytes, Class<T> type) {
        if (bytes.length == 0) {
            throw new SerializationException("An empty " + type.getSimpleName() + " value in " + topic
                    + ": the history index's store values are never empty; delete the state directory"
                    + " (history.state.dir) to rebuild the index from the topics");
        }
        byte version = bytes[0];
        try {
            if (version == COMPACT && (type == OutcomeSample.class || type == OutcomeStats.class)) {
                return type.cast(readCompact(ByteBuffer.wrap(bytes, 1, bytes.length - 1), type));
            }
            if (version == VERSION) {
                return STORE_MAPPER.readValue(bytes, 1, bytes.length - 1, type);
            }
            if (version == LEGACY_JSON) {
                return STORE_MAPPER.readValue(bytes, type);
            }
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot read a " + type.getSimpleName() + " of store format "
                    + version + " from " + topic + ": " + e.getMessage(), e);
        }
        throw new SerializationException("A " + type.getSimpleName() + " value in " + topic + " has store format "
                + version + " but this service reads formats 0 (plain JSON), " + VERSION + " and, for the"
                + " statistics, " + COMPACT + " (first bytes "
                + Arrays.toString(Arrays.copyOf(bytes, Math.min(4, bytes.length))) + "); run a service version"
                + " that wrote it, or delete history.state.dir and the changelog topics to rebuild the index");
    }

    private static byte[] writeCompact(OutcomeStats stats) {
        DurationHistogram durations = stats.durations();
        long[] counts = durations.counts();
        int size = 1 + ByteUtils.sizeOfVarlong(stats.count()) + ByteUtils.sizeOfVarlong(stats.errors())
                + ByteUtils.sizeOfVarint(durations.first()) + ByteUtils.sizeOfVarint(counts.length);
        for (long count : counts) {
            size += ByteUtils.sizeOfVarlong(count);
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.put(COMPACT);
        ByteUtils.writeVarlong(stats.count(), buffer);
        ByteUtils.writeVarlong(stats.errors(), buffer);
        ByteUtils.writeVarint(durations.first(), buffer);
        ByteUtils.writeVarint(counts.length, buffer);
        for (long count : counts) {
            ByteUtils.writeVarlong(count, buffer);
        }
        return buffer.array();
    }

    private static Object readCompact(ByteBuffer in, Class<?> type) {
        if (type == OutcomeSample.class) {
            byte error = in.get();
            if (error != 0 && error != 1) {
                throw new IllegalArgumentException("error flag " + error + " is neither 0 nor 1");
            }
            OutcomeSample sample = new OutcomeSample(error == 1, ByteUtils.readVarlong(in));
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the sample");
            }
            return sample;
        }
        long count = ByteUtils.readVarlong(in);
        long errors = ByteUtils.readVarlong(in);
        int first = ByteUtils.readVarint(in);
        int buckets = ByteUtils.readVarint(in);
        if (buckets < 0 || buckets > DurationHistogram.MAX_BUCKETS) {
            throw new IllegalArgumentException(buckets + " histogram buckets, more than the "
                    + DurationHistogram.MAX_BUCKETS + " there are");
        }
        long[] counts = new long[buckets];
        for (int i = 0; i < buckets; i++) {
            counts[i] = ByteUtils.readVarlong(in);
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(in.remaining() + " bytes after the histogram");
        }
        return new OutcomeStats(count, errors, new DurationHistogram(first, counts));
    }
}
