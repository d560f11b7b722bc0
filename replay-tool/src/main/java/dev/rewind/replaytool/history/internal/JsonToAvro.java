package dev.rewind.replaytool.history.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;

/**
 * Decodes an event body written as JSON into a generic record of a schema, in either of two encodings:
 *
 * <ul>
 *   <li>{@link Encoding#JSON plain JSON}: a union is written as its value ({@code "customer": "acme"}), bytes as
 *       base64, a timestamp-millis also as ISO-8601 text; converted field by field, so a mismatch names the
 *       field ({@code cohort.customer}); missing fields take their default, unknown fields are refused;</li>
 *   <li>{@link Encoding#AVRO_JSON Avro's JSON encoding} (Avro specification, "JSON Encoding"): a non-null union
 *       value is wrapped in an object naming its branch ({@code "customer": {"string": "acme"}}), bytes as
 *       ISO-8859-1 text; decoded by Avro's own {@link org.apache.avro.io.JsonDecoder}.</li>
 * </ul>
 *
 * Plain JSON is tried first (a body without unions or bytes reads the same in both); when neither fits, the
 * error is the one of the encoding the body is written in.
 */
public final class JsonToAvro {

    /** The encoding a body was decoded from; {@link #id()} is what the ingest API reports. */
    public enum Encoding {
        /** Plain JSON: unions as their value. */
        JSON("json"),
        /** Avro's JSON encoding: non-null union values as {@code {"<branch>": value}}. */
        AVRO_JSON("avro-json");

        private final String id;

        Encoding(String id) {
            this.id = id;
        }

        /** {@code json} or {@code avro-json}. */
        public String id() {
            return id;
        }
    }

    /** A decoded event and the encoding it was written in. */
    public record Decoded(GenericRecord record, Encoding encoding) {
    }

    /** A JSON value that does not fit the schema at {@link #field()}. */
    public static final class MismatchException extends IllegalArgumentException {
        private final String field;
        private final String detail;

        MismatchException(String field, String message) {
            super((field.isEmpty() ? "the event" : "field '" + field + "'") + " " + message);
            this.field = field;
            this.detail = message;
        }

        /** Dotted path of the field, empty for the whole event. */
        public String field() {
            return field;
        }
    }

    private JsonToAvro() {
    }

    /**
     * The record {@code json} describes, in plain JSON or Avro's JSON encoding.
     *
     * @throws MismatchException when it fits neither; the message (and {@link MismatchException#field()} for
     *                           plain JSON) names the problem in the encoding the body is written in
     */
    public static Decoded decode(JsonNode json, Schema schema) {
        MismatchException plain;
        try {
            return new Decoded(toRecord(json, schema), Encoding.JSON);
        } catch (MismatchException e) {
            plain = e;
        }
        String avroProblem;
        try {
            GenericRecord record = new GenericDatumReader<GenericRecord>(schema)
                    .read(null, DecoderFactory.get().jsonDecoder(schema, json.toString()));
            return new Decoded(record, Encoding.AVRO_JSON);
        } catch (IOException | RuntimeException e) {
            avroProblem = e.getMessage();
        }
        List<WrappedUnion> wrapped = new ArrayList<>();
        findWrappedUnions(json, schema, "", wrapped);
        if (wrapped.isEmpty()) {
            throw new MismatchException(plain.field(), plain.detail + " (plain JSON; the body is not in Avro's JSON"
                    + " encoding either: " + avroProblem + ")");
        }
        for (WrappedUnion union : wrapped) {
            if (!union.schema().getTypes().stream().map(JsonToAvro::branchName).toList().contains(union.branch())) {
                throw new MismatchException(union.path(), "names union branch '" + union.branch() + "', which is"
                        + " not one of its branches " + union.schema().getTypes().stream()
                        .map(JsonToAvro::branchName).toList() + " (Avro's JSON encoding, as the body is written)");
            }
        }
        throw new MismatchException("", "is written in Avro's JSON encoding (a union value as {\"<branch>\":"
                + " value}, e.g. at '" + wrapped.get(0).path() + "') but does not fit schema "
                + schema.getFullName() + ": " + avroProblem + ". In that encoding every field must be present and"
                + " every non-null union value wrapped; or send plain JSON (unions as their value)");
    }

    /** The record {@code json} describes in plain JSON. */
    public static GenericRecord toRecord(JsonNode json, Schema schema) {
        return (GenericRecord) convert(json, schema, "");
    }

    private static final java.util.Set<String> TYPE_NAMES = java.util.Set.of("null", "boolean", "int", "long",
            "float", "double", "bytes", "string", "record", "enum", "fixed", "array", "map");

    /** A union value written as {@code {"<branch>": value}}, as Avro's JSON encoding writes it. */
    private record WrappedUnion(String path, Schema schema, String branch) {
    }

    /** Collects the union values {@code json} writes in Avro's JSON encoding. */
    private static void findWrappedUnions(JsonNode json, Schema schema, String path, List<WrappedUnion> found) {
        if (json == null) {
            return;
        }
        switch (schema.getType()) {
            case RECORD -> {
                if (json.isObject()) {
                    schema.getFields().forEach(f -> findWrappedUnions(json.get(f.name()), f.schema(),
                            path.isEmpty() ? f.name() : path + "." + f.name(), found));
                }
            }
            case UNION -> {
                if (json.isObject() && json.size() == 1) {
                    String key = json.fieldNames().next();
                    java.util.Optional<Schema> branch = schema.getTypes().stream()
                            .filter(b -> branchName(b).equals(key)).findFirst();
                    if (branch.isPresent() || TYPE_NAMES.contains(key)) {
                        found.add(new WrappedUnion(path, schema, key));
                        branch.ifPresent(b -> findWrappedUnions(json.get(key), b, path, found));
                        return;
                    }
                }
                schema.getTypes().forEach(b -> findWrappedUnions(json, b, path, found));
            }
            case ARRAY -> {
                for (int i = 0; json.isArray() && i < json.size(); i++) {
                    findWrappedUnions(json.get(i), schema.getElementType(), path + "[" + i + "]", found);
                }
            }
            case MAP -> {
                if (json.isObject()) {
                    json.fields().forEachRemaining(e -> findWrappedUnions(e.getValue(), schema.getValueType(),
                            path + "." + e.getKey(), found));
                }
            }
            default -> {
                // primitives, enums and fixed hold no unions
            }
        }
    }

    /** The name Avro's JSON encoding uses for a union branch: the full name of a named type, else the type. */
    private static String branchName(Schema branch) {
        return switch (branch.getType()) {
            case RECORD, ENUM, FIXED -> branch.getFullName();
            default -> branch.getType().getName();
        };
    }

    private static Object convert(JsonNode json, Schema schema, String path) {
        return switch (schema.getType()) {
            case RECORD -> record(json, schema, path);
            case UNION -> union(json, schema, path);
            case NULL -> require(json == null || json.isNull(), null, path, "must be null");
            case STRING -> require(json != null && json.isTextual(), json == null ? null : json.asText(), path,
                    "must be a string");
            case BOOLEAN -> require(json != null && json.isBoolean(), json == null ? null : json.asBoolean(), path,
                    "must be true or false");
            case INT -> require(json != null && json.canConvertToInt() && json.isIntegralNumber(),
                    json == null ? null : json.asInt(), path, "must be a 32-bit integer");
            case LONG -> longValue(json, schema, path);
            case FLOAT -> require(json != null && json.isNumber(), json == null ? null : (float) json.asDouble(), path,
                    "must be a number");
            case DOUBLE -> require(json != null && json.isNumber(), json == null ? null : json.asDouble(), path,
                    "must be a number");
            case ENUM -> enumValue(json, schema, path);
            case ARRAY -> array(json, schema, path);
            case MAP -> map(json, schema, path);
            case BYTES -> ByteBuffer.wrap(base64(json, path));
            case FIXED -> new GenericData.Fixed(schema, base64(json, path));
        };
    }

    private static Object require(boolean ok, Object value, String path, String what) {
        if (!ok) {
            throw new MismatchException(path, what);
        }
        return value;
    }

    private static GenericRecord record(JsonNode json, Schema schema, String path) {
        if (json == null || !json.isObject()) {
            throw new MismatchException(path, "must be an object (" + schema.getFullName() + ")");
        }
        GenericData.Record record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
            String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
            JsonNode value = json.get(field.name());
            if (value == null) {
                if (!field.hasDefaultValue()) {
                    throw new MismatchException(fieldPath, "is required by " + schema.getFullName());
                }
                record.put(field.name(), GenericData.get().getDefaultValue(field));
            } else {
                record.put(field.name(), convert(value, field.schema(), fieldPath));
            }
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (schema.getField(name) == null) {
                throw new MismatchException(path.isEmpty() ? name : path + "." + name,
                        "is not in schema " + schema.getFullName());
            }
        }
        return record;
    }

    private static Object union(JsonNode json, Schema schema, String path) {
        if (json == null || json.isNull()) {
            for (Schema branch : schema.getTypes()) {
                if (branch.getType() == Schema.Type.NULL) {
                    return null;
                }
            }
            throw new MismatchException(path, "must not be null");
        }
        MismatchException first = null;
        for (Schema branch : schema.getTypes()) {
            if (branch.getType() == Schema.Type.NULL) {
                continue;
            }
            try {
                return convert(json, branch, path);
            } catch (MismatchException e) {
                first = first == null ? e : first;
            }
        }
        throw first != null ? first : new MismatchException(path, "matches no branch of its union");
    }

    private static Object longValue(JsonNode json, Schema schema, String path) {
        boolean timestamp = schema.getLogicalType() instanceof LogicalTypes.TimestampMillis;
        if (json != null && json.isIntegralNumber() && json.canConvertToLong()) {
            return json.asLong();
        }
        if (timestamp && json != null && json.isTextual()) {
            try {
                return Instant.parse(json.asText()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new MismatchException(path, "must be an ISO-8601 time or epoch milliseconds");
            }
        }
        throw new MismatchException(path, timestamp ? "must be an ISO-8601 time or epoch milliseconds"
                : "must be a 64-bit integer");
    }

    private static Object enumValue(JsonNode json, Schema schema, String path) {
        if (json == null || !json.isTextual() || !schema.hasEnumSymbol(json.asText())) {
            throw new MismatchException(path, "must be one of " + schema.getEnumSymbols());
        }
        return new GenericData.EnumSymbol(schema, json.asText());
    }

    private static List<Object> array(JsonNode json, Schema schema, String path) {
        if (json == null || !json.isArray()) {
            throw new MismatchException(path, "must be an array");
        }
        List<Object> items = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            items.add(convert(json.get(i), schema.getElementType(), path + "[" + i + "]"));
        }
        return items;
    }

    private static Map<String, Object> map(JsonNode json, Schema schema, String path) {
        if (json == null || !json.isObject()) {
            throw new MismatchException(path, "must be an object");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        json.fields().forEachRemaining(e ->
                values.put(e.getKey(), convert(e.getValue(), schema.getValueType(), path + "." + e.getKey())));
        return values;
    }

    private static byte[] base64(JsonNode json, String path) {
        try {
            if (json != null && json.isTextual()) {
                return Base64.getDecoder().decode(json.asText());
            }
        } catch (IllegalArgumentException e) {
            // falls through to the mismatch below
        }
        throw new MismatchException(path, "must be base64 text");
    }
}
