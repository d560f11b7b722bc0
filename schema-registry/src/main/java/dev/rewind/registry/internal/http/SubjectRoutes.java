package dev.rewind.registry.internal.http;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.avro.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rewind.registry.internal.AvroNormalForm;
import dev.rewind.registry.internal.AvroSchemas;
import dev.rewind.registry.internal.SchemaRegistryService;
import dev.rewind.registry.internal.VersionSpec;
import dev.rewind.registry.internal.store.StoredVersion;
import io.javalin.Javalin;
import io.javalin.http.Context;

/** {@code /subjects/...}: versions, registration, lookup, deletion. */
final class SubjectRoutes {

    private final SchemaRegistryService service;

    SubjectRoutes(SchemaRegistryService service) {
        this.service = service;
    }

    void addTo(Javalin app) {
        app.get("/subjects", ctx -> Http.respond(ctx, service.subjects(Http.flag(ctx, "deleted"))));
        app.get("/subjects/{subject}/versions", ctx -> Http.respond(ctx,
                service.versions(subject(ctx), Http.flag(ctx, "deleted"))));
        app.post("/subjects/{subject}/versions", this::register);
        app.get("/subjects/{subject}/versions/{version}", ctx -> Http.respond(ctx,
                versionBody(service.version(subject(ctx), version(ctx), Http.flag(ctx, "deleted")))));
        app.get("/subjects/{subject}/versions/{version}/schema", ctx -> Http.respondRaw(ctx,
                service.version(subject(ctx), version(ctx), Http.flag(ctx, "deleted")).schema()));
        app.get("/subjects/{subject}/versions/{version}/referencedby", ctx -> {
            // schema references are not supported, so nothing can refer to a version; it must exist though
            service.version(subject(ctx), version(ctx), Http.flag(ctx, "deleted"));
            Http.respond(ctx, java.util.List.of());
        });
        app.delete("/subjects/{subject}/versions/{version}", ctx -> Http.respond(ctx,
                service.deleteVersion(subject(ctx), version(ctx), Http.flag(ctx, "permanent"))));
        app.post("/subjects/{subject}", this::lookup);
        app.delete("/subjects/{subject}", ctx -> Http.respond(ctx,
                service.deleteSubject(subject(ctx), Http.flag(ctx, "permanent"))));
    }

    private void register(Context ctx) {
        Schema schema = schema(ctx, Http.body(ctx));
        Http.respond(ctx, Map.of("id", service.register(subject(ctx), schema, Http.flag(ctx, "normalize"))));
    }

    private void lookup(Context ctx) {
        Schema schema = schema(ctx, Http.body(ctx));
        Http.respond(ctx, versionBody(service.lookup(subject(ctx), schema, Http.flag(ctx, "deleted"))));
    }

    /**
     * Parses the schema of a register, lookup or compatibility request body; with {@code ?normalize=true} the
     * schema is taken in Confluent's normal form ({@link AvroNormalForm}), as Confluent does before it stores,
     * looks up or checks it.
     */
    static Schema schema(Context ctx, JsonNode body) {
        Schema schema = AvroSchemas.parse(Http.text(body, "schema"), Http.text(body, "schemaType"),
                Http.references(body));
        return Http.flag(ctx, "normalize") ? new Schema.Parser().parse(AvroNormalForm.of(schema)) : schema;
    }

    static String subject(Context ctx) {
        return ctx.pathParam("subject");
    }

    static VersionSpec version(Context ctx) {
        return VersionSpec.parse(ctx.pathParam("version"));
    }

    static Map<String, Object> versionBody(StoredVersion version) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", version.subject());
        body.put("version", version.version());
        body.put("id", version.id());
        body.put("schema", version.schema());
        return body;
    }
}
