package dev.rewind.registry.internal.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.rewind.registry.internal.Errors;
import dev.rewind.registry.internal.RegistryException;
import io.javalin.http.Context;

/** Request parsing and response writing shared by the routes, with Confluent's media type and errors. */
final class Http {

    static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";
    static final ObjectMapper JSON = new ObjectMapper();

    private Http() {
    }

    /**
     * Writes {@code body} as JSON in UTF-8. The media type carries no charset, as Confluent's does not: JSON
     * exchanged between systems is UTF-8 and the {@code +json} types define no charset parameter (RFC 8259,
     * sections 8.1 and 11). Writing bytes keeps the server's default (ISO-8859-1) out of the way.
     */
    static void respond(Context ctx, Object body) {
        try {
            ctx.contentType(MEDIA_TYPE).result(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response body", e);
        }
    }

    /** Writes an already serialised JSON text (a stored schema) in UTF-8. */
    static void respondRaw(Context ctx, String json) {
        ctx.contentType(MEDIA_TYPE).result(json.getBytes(StandardCharsets.UTF_8));
    }

    static boolean flag(Context ctx, String name) {
        return Boolean.parseBoolean(ctx.queryParam(name));
    }

    /**
     * The body as a JSON object; malformed JSON (also JSON nested deeper than Jackson's limit of 1,000) is
     * Confluent's HTTP 400 / error_code 400. The bytes are decoded as JSON defines (UTF-8, or UTF-16/32 when
     * detected), whatever charset the content type names or omits.
     */
    static JsonNode body(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        JsonNode node;
        try {
            node = bytes.length == 0 ? null : JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw Errors.badRequest("The request body is not valid JSON: " + e.getOriginalMessage()
                    + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")")
                    + ". Send a JSON object, e.g. {\"schema\": \"...\"}.");
        } catch (IOException e) {
            throw Errors.badRequest("The request body could not be read: " + e.getMessage() + ".");
        }
        if (node == null || node.isMissingNode()) {
            throw Errors.badRequest("The request has no body. Send a JSON object, e.g. {\"schema\": \"...\"}.");
        }
        if (!node.isObject()) {
            throw Errors.badRequest("The request body must be a JSON object, e.g. {\"schema\": \"...\"}; got "
                    + node.getNodeType().name().toLowerCase() + ".");
        }
        return node;
    }

    /** An optional string field; another JSON type is a 400 that says which field. */
    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw Errors.badRequest("Field \"" + field + "\" must be a JSON string; got "
                    + value.getNodeType().name().toLowerCase() + ". For \"schema\", send the Avro schema"
                    + " as an escaped string, e.g. {\"schema\": \"{\\\"type\\\": \\\"string\\\"}\"}.");
        }
        return value.asText();
    }

    /** The {@code references} array (we only check whether it is empty). */
    static List<JsonNode> references(JsonNode body) {
        JsonNode value = body.get("references");
        List<JsonNode> references = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.forEach(references::add);
        } else if (value != null && !value.isNull()) {
            throw Errors.badRequest("Field \"references\" must be a JSON array.");
        }
        return references;
    }

    static int schemaId(Context ctx) {
        String text = ctx.pathParam("id");
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw Errors.schemaNotFound("Schema '" + text + "' not found: schema ids are positive integers.");
        }
    }

    static void error(Context ctx, RegistryException e) {
        ctx.status(e.httpStatus());
        respond(ctx, new ErrorBody(e.errorCode(), e.getMessage()));
    }

    /** Confluent's error body. */
    record ErrorBody(@com.fasterxml.jackson.annotation.JsonProperty("error_code") int errorCode,
                     String message) {
    }
}
