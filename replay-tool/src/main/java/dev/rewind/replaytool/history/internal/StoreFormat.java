package dev.rewind.replaytool.history.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

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
 */
public final class StoreFormat {

    /** The format written today. */
    public static final byte VERSION = 1;

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
            if (version == VERSION) {
                return STORE_MAPPER.readValue(bytes, 1, bytes.length - 1, type);
            }
            if (version == LEGACY_JSON) {
                return STORE_MAPPER.readValue(bytes, type);
            }
        } catch (IOException e) {
            throw new SerializationException("Cannot read a " + type.getSimpleName() + " of store format "
                    + version + " from " + topic + ": " + e.getMessage(), e);
        }
        throw new SerializationException("A " + type.getSimpleName() + " value in " + topic + " has store format "
                + version + " but this service reads formats 0 (plain JSON) and " + VERSION + " (first bytes "
                + Arrays.toString(Arrays.copyOf(bytes, Math.min(4, bytes.length))) + "); run a service version"
                + " that wrote it, or delete history.state.dir and the changelog topics to rebuild the index");
    }
}
