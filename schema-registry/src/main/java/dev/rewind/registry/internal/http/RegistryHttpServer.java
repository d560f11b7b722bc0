package dev.rewind.registry.internal.http;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rewind.registry.internal.Errors;
import dev.rewind.registry.internal.RegistryException;
import dev.rewind.registry.internal.SchemaRegistryService;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;

/**
 * The Confluent REST protocol on Javalin. Request bodies are read as JSON whatever their content type
 * ({@code application/vnd.schemaregistry.v1+json}, {@code application/vnd.schemaregistry+json} or
 * {@code application/json}); responses are {@code application/vnd.schemaregistry.v1+json}; every error is
 * Confluent's {@code {"error_code": N, "message": "..."}}. {@code GET /metrics} serves the registry's metrics
 * (see {@link RegistryMetrics}) in Prometheus' text format.
 */
public final class RegistryHttpServer implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(RegistryHttpServer.class);

    private final Javalin app;

    private RegistryHttpServer(Javalin app) {
        this.app = app;
    }

    /** Starts serving on {@code host} (an address of this machine; 0.0.0.0 = every interface) and {@code port} (0 = a free port). */
    public static RegistryHttpServer start(SchemaRegistryService service, String host, int port) {
        RegistryMetrics metrics = new RegistryMetrics(service);
        Javalin app = Javalin.create(config -> {
            metrics.recordRequests(config);
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.http.prefer405over404 = true;
            config.http.defaultContentType = Http.MEDIA_TYPE;
            config.router.ignoreTrailingSlashes = true;
            JsonErrorHandler errors = new JsonErrorHandler();
            config.jetty.modifyServer(server -> server.setErrorHandler(errors));
            config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(errors));
        });
        app.get("/", ctx -> Http.respond(ctx, Map.of()));
        metrics.addTo(app);
        new SubjectRoutes(service).addTo(app);
        new SettingsRoutes(service).addTo(app);
        app.exception(RegistryException.class, (e, ctx) -> Http.error(ctx, e));
        app.exception(HttpResponseException.class, (e, ctx) -> {
            HttpStatus status = HttpStatus.forStatus(e.getStatus());
            String what = e.getStatus() == 404 || e.getStatus() == 405
                    ? ctx.method() + " " + ctx.path() + " is not an endpoint of this schema registry."
                    : e.getMessage() + " (" + ctx.method() + " " + ctx.path() + ").";
            Http.error(ctx, new RegistryException(e.getStatus(), e.getStatus(),
                    "HTTP " + e.getStatus() + " " + status.getMessage() + ": " + what));
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOGGER.atError().setCause(e).addKeyValue("path", ctx.path()).log("Request failed");
            Http.error(ctx, new RegistryException(500, Errors.STORE_ERROR,
                    "Internal error: " + e + ". This is a bug in the registry or its store; see its log."));
        });
        app.start(host, port);
        return new RegistryHttpServer(app);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
