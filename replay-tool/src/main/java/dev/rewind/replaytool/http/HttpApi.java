package dev.rewind.replaytool.http;

import dev.rewind.clients.acl.KafkaAccessDenied;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.api.OpenApi;
import dev.rewind.api.problems.Problem;
import dev.rewind.api.problems.ProblemException;
import dev.rewind.api.problems.ProblemType;
import dev.rewind.replaytool.Rejection;
import dev.rewind.replaytool.access.AccessControl;
import dev.rewind.replaytool.console.WebConsole;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Javalin app of the service: JSON via Jackson, every error as
 * {@code application/problem+json}, bearer-token access control on {@code /api/v1/*} (except the
 * OpenAPI document), and the OpenAPI document at {@value #OPENAPI_PATH}.
 */
public final class HttpApi {

    /** Where the OpenAPI 3 document is served. */
    public static final String OPENAPI_PATH = OpenApi.PATH;

    private static final Logger LOGGER = LoggerFactory.getLogger(HttpApi.class);

    private HttpApi() {
    }

    /** A configured, not yet started app; add resources, then {@code start(port)}. */
    public static Javalin create(ObjectMapper mapper, AccessControl access) {
        return create(mapper, access, null, null, 0);
    }

    /**
     * A configured, not yet started app that serves HTTPS on {@code host}:{@code port} (0 = a free port) when
     * {@code https} is not null; start it with {@code start()} then, without host and port.
     */
    public static Javalin create(ObjectMapper mapper, AccessControl access, HttpsListener https, String host,
            int port) {
        String openApi = OpenApi.document();
        Javalin app = Javalin.create(config -> {
            if (https != null) {
                config.jetty.addConnector((server, http) -> https.connector(server, http, host, port));
            }
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.http.defaultContentType = "application/json";
            WebConsole.serveFrom(config);
        });
        WebConsole.redirectRoot(app);
        app.before("/api/v1/*", ctx -> {
            if (!ctx.path().equals(OPENAPI_PATH)) {
                access.check(ctx);
            }
        });
        app.get(OPENAPI_PATH, ctx -> ctx.contentType("application/json").result(openApi));
        app.get("/health", ctx -> ctx.json(java.util.Map.of("status", "up")));
        app.exception(Rejection.class, (e, ctx) -> send(ctx, mapper, Rejections.problem(e, ctx.path())));
        app.exception(ProblemException.class, (e, ctx) -> send(ctx, mapper, e.at(ctx.path())));
        app.exception(HttpResponseException.class, (e, ctx) -> send(ctx, mapper, fromJavalin(e, ctx)));
        app.exception(Exception.class, (e, ctx) -> {
            LOGGER.atError().addKeyValue("path", ctx.path()).setCause(e).log("Request failed");
            if (KafkaAccessDenied.isDenied(e)) {
                // not transient: the sentence names the ACL to add (Rejection.unavailable)
                send(ctx, mapper, Rejections.problem(Rejection.unavailable(e.getMessage(), e), ctx.path()));
                return;
            }
            send(ctx, mapper, problem(ProblemType.INTERNAL, ("The service failed unexpectedly ("
                    + e.getClass().getSimpleName() + "); see its log and retry."), ctx.path()));
        });
        app.error(404, ctx -> {
            if (!isProblem(ctx)) {
                send(ctx, mapper, problem(ProblemType.NOT_FOUND, ("No resource at " + ctx.method()
                        + " " + ctx.path() + "; see " + OPENAPI_PATH + " for the API."), ctx.path()));
            }
        });
        app.error(405, ctx -> {
            if (!isProblem(ctx)) {
                send(ctx, mapper, problem(ProblemType.METHOD_NOT_ALLOWED, (ctx.method()
                        + " is not supported on " + ctx.path() + "; see " + OPENAPI_PATH + "."), ctx.path()));
            }
        });
        return app;
    }

    private static boolean isProblem(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith(Problem.MEDIA_TYPE);
    }

    private static Problem fromJavalin(HttpResponseException e, Context ctx) {
        ProblemType type = switch (e.getStatus()) {
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            default -> e.getStatus() < 500 ? ProblemType.BAD_REQUEST : ProblemType.INTERNAL;
        };
        return Problem.of(type, e.getMessage(), ctx.path(), java.util.Map.of());
    }

    private static Problem problem(ProblemType type, String detail, String instance) {
        return Problem.of(type, detail, instance, java.util.Map.of());
    }

    private static void send(Context ctx, ObjectMapper mapper, Problem problem) {
        try {
            ctx.status(problem.status()).contentType(Problem.MEDIA_TYPE).result(mapper.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
