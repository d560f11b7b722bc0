package dev.rewind.registry.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Confluent's normalised form of an Avro schema: what {@code ?normalize=true} stores and what decides whether two
 * schemas are the same. Source of the rules: Confluent Schema Registry's "Schema Normalization" (the ordering of
 * properties, non-qualified vs. fully-qualified names) and its Avro implementation, which adapts Avro's Parsing
 * Canonical Form without dropping what matters to readers:
 *
 * <ul>
 *   <li>named types by full name ({@code "name":"ns.Rec"}, no {@code namespace}); a name already written is
 *       referred to by its full name;</li>
 *   <li>keys in a fixed order: {@code name}, {@code type}, then {@code symbols} / {@code size} / {@code fields},
 *       then {@code doc}, {@code aliases} (sorted), an enum's {@code default}; fields as {@code name},
 *       {@code type}, {@code order}, {@code doc}, {@code aliases} (sorted), {@code default};</li>
 *   <li>custom properties last, sorted by key, and every JSON object inside a property value or a default
 *       sorted by key as well;</li>
 *   <li>primitives without properties as a bare string ({@code "string"}); logical types as
 *       {@code {"type":..,"logicalType":..}} followed by their parameters and other properties, sorted.</li>
 * </ul>
 *
 * <p>Docs, defaults and custom properties are kept, so two schemas with the same normal form are the same schema
 * to every reader and writer; two that differ in any of them are not. Thread-safe (stateless).
 */
public final class AvroNormalForm {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroNormalForm() {
    }

    /** The normal form of {@code schema} as compact JSON text. */
    public static String of(Schema schema) {
        StringBuilder out = new StringBuilder();
        write(schema, new HashSet<>(), out);
        return out.toString();
    }

    private static void write(Schema schema, Set<String> written, StringBuilder out) {
        switch (schema.getType()) {
            case UNION -> {
                out.append('[');
                String separator = "";
                for (Schema branch : schema.getTypes()) {
                    write(branch, written, out.append(separator));
                    separator = ",";
                }
                out.append(']');
            }
            case ARRAY, MAP -> {
                out.append("{\"type\":\"").append(schema.getType().getName()).append('"');
                boolean array = schema.getType() == Schema.Type.ARRAY;
                out.append(array ? ",\"items\":" : ",\"values\":");
                write(array ? schema.getElementType() : schema.getValueType(), written, out);
                properties(schema.getObjectProps(), Set.of(), out);
                out.append('}');
            }
            case RECORD, ENUM, FIXED -> named(schema, written, out);
            default -> primitive(schema, out);
        }
    }

    private static void named(Schema schema, Set<String> written, StringBuilder out) {
        String fullName = schema.getFullName();
        if (!written.add(fullName)) {
            out.append(text(fullName));
            return;
        }
        out.append("{\"name\":").append(text(fullName));
        out.append(",\"type\":\"").append(schema.getType().getName()).append('"');
        Set<String> skip = Set.of();
        switch (schema.getType()) {
            case ENUM -> {
                ArrayNode symbols = NODES.arrayNode();
                schema.getEnumSymbols().forEach(symbols::add);
                out.append(",\"symbols\":").append(symbols);
            }
            case FIXED -> {
                out.append(",\"size\":").append(schema.getFixedSize());
                skip = logicalType(schema.getLogicalType(), out);
            }
            default -> {
                out.append(",\"fields\":[");
                String separator = "";
                for (Schema.Field field : schema.getFields()) {
                    field(field, written, out.append(separator));
                    separator = ",";
                }
                out.append(']');
            }
        }
        if (schema.getDoc() != null && !schema.getDoc().isEmpty()) {
            out.append(",\"doc\":").append(text(schema.getDoc()));
        }
        aliases(schema.getAliases(), out);
        if (schema.getType() == Schema.Type.ENUM && schema.getEnumDefault() != null) {
            out.append(",\"default\":").append(text(schema.getEnumDefault()));
        }
        properties(schema.getObjectProps(), skip, out);
        out.append('}');
    }

    private static void field(Schema.Field field, Set<String> written, StringBuilder out) {
        out.append("{\"name\":").append(text(field.name())).append(",\"type\":");
        write(field.schema(), written, out);
        // Confluent writes the enum constant's name ("ASCENDING"); Avro parses either case
        out.append(",\"order\":\"").append(field.order().name()).append('"');
        if (field.doc() != null) {
            out.append(",\"doc\":").append(text(field.doc()));
        }
        aliases(field.aliases(), out);
        if (field.hasDefaultValue()) {
            out.append(",\"default\":").append(json(field.defaultVal()));
        }
        properties(field.getObjectProps(), Set.of(), out);
        out.append('}');
    }

    private static void primitive(Schema schema, StringBuilder out) {
        if (schema.getLogicalType() == null && !schema.hasProps()) {
            out.append('"').append(schema.getType().getName()).append('"');
            return;
        }
        out.append("{\"type\":\"").append(schema.getType().getName()).append('"');
        Set<String> skip = logicalType(schema.getLogicalType(), out);
        properties(schema.getObjectProps(), skip, out);
        out.append('}');
    }

    /** Writes the logical type and its parameters; returns the property keys thus already written. */
    private static Set<String> logicalType(LogicalType logicalType, StringBuilder out) {
        if (logicalType == null) {
            return Set.of();
        }
        out.append(",\"logicalType\":").append(text(logicalType.getName()));
        if (logicalType instanceof LogicalTypes.Decimal decimal) {
            out.append(",\"precision\":").append(decimal.getPrecision());
            if (decimal.getScale() != 0) {
                out.append(",\"scale\":").append(decimal.getScale());
            }
            return Set.of(LogicalType.LOGICAL_TYPE_PROP, "precision", "scale");
        }
        return Set.of(LogicalType.LOGICAL_TYPE_PROP);
    }

    private static void aliases(Set<String> aliases, StringBuilder out) {
        if (!aliases.isEmpty()) {
            ArrayNode sorted = NODES.arrayNode();
            new TreeSet<>(aliases).forEach(sorted::add);
            out.append(",\"aliases\":").append(sorted);
        }
    }

    private static void properties(Map<String, Object> properties, Set<String> skip, StringBuilder out) {
        new TreeMap<>(properties).forEach((key, value) -> {
            if (!skip.contains(key)) {
                out.append(',').append(text(key)).append(':').append(json(value));
            }
        });
    }

    private static String text(String value) {
        return NODES.textNode(value).toString();
    }

    /** A property value or default (as Avro hands it out: maps, collections, numbers ...) as sorted JSON. */
    private static JsonNode json(Object value) {
        if (value == null || value == JsonProperties.NULL_VALUE) {
            return NODES.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            sortedByKey(map).forEach((k, v) -> object.set(k, json(v)));
            return object;
        }
        if (value instanceof Collection<?> items) {
            ArrayNode array = NODES.arrayNode();
            items.forEach(item -> array.add(json(item)));
            return array;
        }
        if (value instanceof byte[] bytes) {
            // Avro's JSON form of bytes and fixed: one char per byte (ISO-8859-1)
            return NODES.textNode(new String(bytes, StandardCharsets.ISO_8859_1));
        }
        if (value instanceof CharSequence || value instanceof Enum<?>) {
            return NODES.textNode(value.toString());
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Float f) {
            return NODES.numberNode(f);
        }
        if (value instanceof Double d) {
            return NODES.numberNode(d);
        }
        if (value instanceof BigInteger i) {
            return NODES.numberNode(i);
        }
        if (value instanceof BigDecimal d) {
            return NODES.numberNode(d);
        }
        return NODES.textNode(value.toString());
    }

    private static Map<String, Object> sortedByKey(Map<?, ?> map) {
        Map<String, Object> copy = new TreeMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }
}
