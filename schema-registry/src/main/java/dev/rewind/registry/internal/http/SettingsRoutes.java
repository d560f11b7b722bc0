package dev.rewind.registry.internal.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rewind.registry.internal.AvroSchemas;
import dev.rewind.registry.internal.Errors;
import dev.rewind.registry.internal.Mode;
import dev.rewind.registry.internal.RegistrySettings;
import dev.rewind.registry.internal.SchemaRegistryService;
import dev.rewind.registry.internal.compat.CompatibilityLevel;
import dev.rewind.registry.internal.store.StoredVersion;
import io.javalin.Javalin;
import io.javalin.http.Context;

/** {@code /schemas/...}, {@code /compatibility/...}, {@code /config...} and {@code /mode}. */
final class SettingsRoutes {

    private final SchemaRegistryService service;
    private final RegistrySettings settings;

    SettingsRoutes(SchemaRegistryService service) {
        this.service = service;
        this.settings = service.settings();
    }

    void addTo(Javalin app) {
        app.get("/schemas", ctx -> Http.respond(ctx, service.allVersions(
                java.util.Objects.requireNonNullElse(ctx.queryParam("subjectPrefix"), ""),
                Http.flag(ctx, "deleted"), Http.flag(ctx, "latestOnly")).stream()
                .map(SubjectRoutes::versionBody).toList()));
        app.get("/schemas/types", ctx -> Http.respond(ctx, List.of(AvroSchemas.AVRO)));
        app.get("/schemas/ids/{id}", ctx -> Http.respond(ctx, Map.of("schema",
                service.schemaById(Http.schemaId(ctx)))));
        app.get("/schemas/ids/{id}/schema", ctx -> Http.respondRaw(ctx, service.schemaById(Http.schemaId(ctx))));
        app.get("/schemas/ids/{id}/versions", ctx -> Http.respond(ctx,
                service.versionsOfId(Http.schemaId(ctx), Http.flag(ctx, "deleted")).stream()
                        .map(SettingsRoutes::subjectVersion).toList()));
        app.get("/schemas/ids/{id}/subjects", ctx -> Http.respond(ctx,
                service.versionsOfId(Http.schemaId(ctx), Http.flag(ctx, "deleted")).stream()
                        .map(StoredVersion::subject).distinct().toList()));
        app.post("/compatibility/subjects/{subject}/versions/{version}", ctx -> compatibility(ctx, true));
        app.post("/compatibility/subjects/{subject}/versions", ctx -> compatibility(ctx, false));
        app.get("/config", ctx -> Http.respond(ctx, level(settings.globalLevel())));
        app.put("/config", ctx -> putLevel(ctx, null));
        app.delete("/config", ctx -> {
            CompatibilityLevel previous = settings.globalLevel();
            settings.setLevel(null, null);
            Http.respond(ctx, level(previous));
        });
        app.get("/config/{subject}", ctx -> Http.respond(ctx, level(settings.subjectLevel(
                SubjectRoutes.subject(ctx), Http.flag(ctx, "defaultToGlobal")))));
        app.put("/config/{subject}", ctx -> putLevel(ctx, SubjectRoutes.subject(ctx)));
        app.delete("/config/{subject}", ctx -> Http.respond(ctx,
                level(settings.deleteLevel(SubjectRoutes.subject(ctx)))));
        app.get("/mode", ctx -> Http.respond(ctx, Map.of("mode", settings.mode().name())));
        app.put("/mode", this::putMode);
    }

    private void compatibility(Context ctx, boolean oneVersion) {
        JsonNode body = Http.body(ctx);
        List<String> problems = service.testCompatibility(SubjectRoutes.subject(ctx),
                oneVersion ? SubjectRoutes.version(ctx) : null, SubjectRoutes.schema(ctx, body));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("is_compatible", problems.isEmpty());
        if (Http.flag(ctx, "verbose")) {
            result.put("messages", problems);
        }
        Http.respond(ctx, result);
    }

    private void putLevel(Context ctx, String subject) {
        JsonNode body = Http.body(ctx);
        String text = Http.text(body, "compatibility");
        if (text == null) {
            text = Http.text(body, "compatibilityLevel");
        }
        if (text == null) {
            throw Errors.invalidCompatibilityLevel(null);
        }
        CompatibilityLevel level = CompatibilityLevel.parse(text);
        settings.setLevel(subject, level);
        Http.respond(ctx, Map.of("compatibility", level.name()));
    }

    private void putMode(Context ctx) {
        Mode mode = Mode.parse(Http.text(Http.body(ctx), "mode"));
        settings.setMode(mode);
        Http.respond(ctx, Map.of("mode", mode.name()));
    }

    private static Map<String, String> level(CompatibilityLevel level) {
        return Map.of("compatibilityLevel", level.name());
    }

    private static Map<String, Object> subjectVersion(StoredVersion version) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", version.subject());
        body.put("version", version.version());
        return body;
    }
}
