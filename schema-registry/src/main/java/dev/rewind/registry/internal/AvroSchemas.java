package dev.rewind.registry.internal;

import java.util.List;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/** Parsing of registration request schemas; anything Avro rejects becomes Confluent's 42201. */
public final class AvroSchemas {

    public static final String AVRO = "AVRO";

    private AvroSchemas() {
    }

    /**
     * Parses a request's schema.
     *
     * @param text       the {@code schema} field
     * @param schemaType the {@code schemaType} field; null means AVRO
     * @param references the {@code references} field; must be empty because this registry does not resolve them
     */
    public static Schema parse(String text, String schemaType, List<?> references) {
        if (schemaType != null && !AVRO.equalsIgnoreCase(schemaType)) {
            throw Errors.invalidSchema("schema type '" + schemaType + "' is not supported by this registry;"
                    + " it supports AVRO only. Omit schemaType or set it to AVRO.");
        }
        if (references != null && !references.isEmpty()) {
            throw Errors.invalidSchema("schema references are not supported by this registry. Inline the"
                    + " referenced types in the schema.");
        }
        if (text == null || text.isBlank()) {
            throw Errors.invalidSchema("the request has no schema. Send {\"schema\": \"<Avro schema as a JSON"
                    + " string>\"}.");
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (AvroRuntimeException | IllegalArgumentException e) {
            throw Errors.invalidSchema(e.getMessage() + ". Fix the Avro schema; it must parse with Avro's"
                    + " Schema.Parser.");
        }
    }

    /**
     * The text stored for a registered schema: with {@code normalize} Confluent's normal form
     * ({@link AvroNormalForm}), else Avro's compact JSON of the parsed schema (what Confluent stores too).
     */
    public static String storedText(Schema schema, boolean normalize) {
        return normalize ? AvroNormalForm.of(schema) : schema.toString();
    }

    /**
     * What decides whether two schemas are the same (lookup, idempotent registration, one id across subjects):
     * the parsed schema's normal form, so whitespace, key order, the order of custom properties (at the top,
     * nested in a property's value, on a field's type) and short vs. full names do not count, while docs,
     * defaults, aliases and property values do.
     */
    public static String identity(Schema schema) {
        return AvroNormalForm.of(schema);
    }

    /** {@link #identity(Schema)} of a stored schema text; the text itself when it no longer parses. */
    public static String identity(String storedText) {
        try {
            return identity(new Schema.Parser().setValidateDefaults(false).parse(storedText));
        } catch (RuntimeException e) {
            return storedText;
        }
    }
}
