package dev.rewind.replaytool.history.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Writes a decoded Avro datum, as {@code GenericDatumReader} builds it with {@link GenericData}, as
 * JSON tokens: the JSON that {@link GenericData#toString(Object)} renders as text and Jackson reads
 * back, which is what the history API has always returned as an event's payload (the console and API
 * clients read it), without rendering or parsing any text.
 *
 * <p>That JSON, for each kind of datum: a record is an object of its fields in schema order; a map an
 * object in the map's iteration order; an array an array; a union its branch; a string or an enum
 * symbol a string; bytes a string of one character per byte (ISO-8859-1, as Avro's text); a fixed an
 * array of its bytes as signed numbers (Avro's text is {@code Arrays.toString}); an int or long a
 * number; a double a number; a float the double its decimal text denotes ({@code 0.1f} is
 * {@code 0.1}); NaN and the infinities the strings {@code "NaN"}, {@code "Infinity"} and
 * {@code "-Infinity"}; logical types their underlying type (no conversions are registered). A datum
 * Jackson's reader refused ({@link StreamReadConstraints} of {@code reader}: nested deeper than its
 * limit, a name or string longer than its limits) was shown as its whole Avro text in one JSON string,
 * and still is.
 *
 * <p>Two departures, both for values that had no JSON before: a raw {@code byte[]} (Confluent's
 * serializer writes a {@code "bytes"} schema's value without Avro framing; Avro's text of it was the
 * array's identity, e.g. {@code [B@1b6d3586}) is written like Avro bytes; any other Java type (none
 * that {@code GenericData} decodes) is rendered the old way, through text. Thread-safe.
 */
final class AvroDatumJson {

    private final ObjectMapper reader;
    private final StreamReadConstraints limits;

    /** @param reader the mapper whose reading limits decided what was shown as text ({@link Json#MAPPER}) */
    AvroDatumJson(ObjectMapper reader) {
        this.reader = reader;
        this.limits = reader.getFactory().streamReadConstraints();
    }

    /** Writes {@code datum} as one JSON value. */
    void write(Object datum, JsonGenerator g) throws IOException {
        if (readable(datum, 0)) {
            value(datum, g);
        } else {
            g.writeString(GenericData.get().toString(datum));
        }
    }

    private void value(Object datum, JsonGenerator g) throws IOException {
        if (datum == null) {
            g.writeNull();
        } else if (datum instanceof IndexedRecord record) {
            g.writeStartObject();
            List<Schema.Field> fields = record.getSchema().getFields();
            for (int i = 0; i < fields.size(); i++) {
                g.writeFieldName(fields.get(i).name());
                value(record.get(i), g);
            }
            g.writeEndObject();
        } else if (datum instanceof CharSequence || datum instanceof GenericEnumSymbol<?>) {
            g.writeString(datum.toString());
        } else if (datum instanceof Long number) {
            long n = number;
            // as Jackson reads the number's text back: an int where one fits (same text, equal trees)
            if (n == (int) n) {
                g.writeNumber((int) n);
            } else {
                g.writeNumber(n);
            }
        } else if (datum instanceof Integer number) {
            g.writeNumber(number.intValue());
        } else if (datum instanceof Double number) {
            if (number.isNaN() || number.isInfinite()) {
                g.writeString(number.toString());
            } else {
                g.writeNumber(number.doubleValue());
            }
        } else if (datum instanceof Float number) {
            if (number.isNaN() || number.isInfinite()) {
                g.writeString(number.toString());
            } else {
                // Avro's text is Float.toString; Jackson reads that decimal as the nearest double
                g.writeNumber(Double.parseDouble(number.toString()));
            }
        } else if (datum instanceof Boolean bool) {
            g.writeBoolean(bool);
        } else if (datum instanceof Collection<?> array) {
            g.writeStartArray();
            for (Object element : array) {
                value(element, g);
            }
            g.writeEndArray();
        } else if (datum instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                g.writeFieldName(String.valueOf(entry.getKey()));
                value(entry.getValue(), g);
            }
            g.writeEndObject();
        } else if (datum instanceof ByteBuffer bytes) {
            g.writeString(StandardCharsets.ISO_8859_1.decode(bytes.duplicate()).toString());
        } else if (datum instanceof GenericFixed fixed) {
            byte[] bytes = fixed.bytes();
            g.writeStartArray();
            for (byte b : bytes) {
                g.writeNumber((int) b);
            }
            g.writeEndArray();
        } else if (datum instanceof byte[] raw) {
            g.writeString(new String(raw, StandardCharsets.ISO_8859_1));
        } else {
            viaText(datum, g);
        }
    }

    /** The old way: Avro's text read by Jackson, or the text itself when that is not JSON. */
    private void viaText(Object datum, JsonGenerator g) throws IOException {
        String text = GenericData.get().toString(datum);
        try {
            g.writeTree(reader.readTree(text));
        } catch (JsonProcessingException e) {
            g.writeString(text);
        }
    }

    /**
     * Whether Jackson's reader took Avro's text of {@code datum} at nesting {@code depth}: no
     * container deeper than its nesting limit, no name and no string longer than its limits.
     */
    private boolean readable(Object datum, int depth) {
        if (datum instanceof IndexedRecord record) {
            if (depth + 1 > limits.getMaxNestingDepth()) {
                return false;
            }
            List<Schema.Field> fields = record.getSchema().getFields();
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).name().length() > limits.getMaxNameLength() || !readable(record.get(i), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (datum instanceof Collection<?> array) {
            if (depth + 1 > limits.getMaxNestingDepth()) {
                return false;
            }
            for (Object element : array) {
                if (!readable(element, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (datum instanceof Map<?, ?> map) {
            if (depth + 1 > limits.getMaxNestingDepth()) {
                return false;
            }
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!shorterThan(entry.getKey(), limits.getMaxNameLength()) || !readable(entry.getValue(), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (datum instanceof GenericFixed) {
            return depth + 1 <= limits.getMaxNestingDepth();
        }
        if (datum instanceof CharSequence text) {
            return shorterThan(text, limits.getMaxStringLength());
        }
        if (datum instanceof ByteBuffer bytes) {
            return bytes.remaining() <= limits.getMaxStringLength();
        }
        return true;
    }

    /** Whether {@code text} has at most {@code max} characters ({@code Utf8.length()} counts bytes, never fewer). */
    private static boolean shorterThan(Object text, int max) {
        if (text instanceof CharSequence chars && chars.length() <= max) {
            return true;
        }
        return String.valueOf(text).length() <= max;
    }
}
