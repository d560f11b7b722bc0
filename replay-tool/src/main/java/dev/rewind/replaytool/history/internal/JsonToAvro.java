package dev.rewind.replaytool.history.internal;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.apache.avro.generic.GenericRecord;

/**
 * Converts plain JSON (not Avro's JSON encoding: unions are written as their value) into a generic
 * record of a schema, field by field, so a mismatch names the field ({@code cohort.customer}).
 * Missing fields take their schema default; fields the schema does not know are refused.
 */
public final class JsonToAvro {

    /** A JSON value that does not fit the schema at {@link #field()}. */
    public static final class MismatchException extends IllegalArgumentException {
        private final String field;

        MismatchException(String field, String message) {
            super((field.isEmpty() ? "the event" : "field '" + field + "'") + " " + message);
            this.field = field;
        }

        /** Dotted path of the field, empty for the whole event. */
        public String field() {
            return field;
        }
    }

    private JsonToAvro() {
    }

    /** The record {@code json} describes. */
    public static GenericRecord toRecord(JsonNode json, Schema schema) {
        return (GenericRecord) convert(json, schema, "");
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
