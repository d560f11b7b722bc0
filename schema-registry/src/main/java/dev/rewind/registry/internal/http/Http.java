package dev.rewind.registry.internal.http;

import java.util.ArrayList;
import java.util.List;

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

    static void respond(Context ctx, Object body) {
        try {
            ctx.contentType(MEDIA_TYPE).result(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response body", e);
        }
    }

    static boolean flag(Context ctx, String name) {
        return Boolean.parseBoolean(ctx.queryParam(name));
    }

    /** The body as a JSON object; malformed JSON is Confluent's HTTP 400 / error_code 400. */
    static JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) {
            throw Errors.badRequest("The request has no body. Send a JSON object, e.g. {\"schema\": \"...\"}.");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw Errors.badRequest("The request body is not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                    + "). Send a JSON object, e.g. {\"schema\": \"...\"}.");
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
