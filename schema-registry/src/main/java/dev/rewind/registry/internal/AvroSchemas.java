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

    /** The form two schemas are compared in: Avro's normalised JSON (whitespace and key order do not count). */
    public static String normalised(Schema schema) {
        return schema.toString();
    }
}
