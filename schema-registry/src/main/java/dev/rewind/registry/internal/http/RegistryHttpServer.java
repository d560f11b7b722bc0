package dev.rewind.registry.internal.http;

import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rewind.registry.BasicAuthentication;
import dev.rewind.registry.internal.Errors;
import dev.rewind.registry.internal.RegistryException;
import dev.rewind.registry.internal.SchemaRegistryService;
import dev.rewind.registry.internal.auth.RegistryUsers;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;

/**
 * The Confluent REST protocol on Javalin. Request bodies are read as JSON whatever their content type
 * ({@code application/vnd.schemaregistry.v1+json}, {@code application/vnd.schemaregistry+json} or
 * {@code application/json}); responses are {@code application/vnd.schemaregistry.v1+json}; every error is
 * Confluent's {@code {"error_code": N, "message": "..."}}. {@code GET /metrics} serves the registry's metrics
 * (see {@link RegistryMetrics}) in Prometheus' text format. With {@link BasicAuthentication} every request,
 * {@code /metrics} included, needs a user's credentials.
 */
public final class RegistryHttpServer implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(RegistryHttpServer.class);

    private final Javalin app;
    private final Optional<RegistryUsers> users;

    private RegistryHttpServer(Javalin app, Optional<RegistryUsers> users) {
        this.app = app;
        this.users = users;
    }

    /** Starts serving on {@code host} (an address of this machine; 0.0.0.0 = every interface) and {@code port} (0 = a free port). */
    public static RegistryHttpServer start(SchemaRegistryService service, String host, int port) {
        return start(service, host, port, Optional.empty());
    }

    /**
     * Starts serving as {@link #start(SchemaRegistryService, String, int)}, every request checked against
     * {@code users} when present (HTTP basic authentication, {@link BasicAuthentication}).
     */
    public static RegistryHttpServer start(SchemaRegistryService service, String host, int port,
                                           Optional<BasicAuthentication> authentication) {
        Optional<RegistryUsers> users = authentication.map(RegistryUsers::load);
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
        users.ifPresent(u -> {
            BasicAuthFilter filter = new BasicAuthFilter(u, authentication.get().realm());
            app.before(filter::check);
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
        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            users.ifPresent(RegistryUsers::close);
            throw e;
        }
        return new RegistryHttpServer(app, users);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            users.ifPresent(RegistryUsers::close);
        }
    }
}
