package dev.rewind.replaytool.routes;

import dev.rewind.api.routes.ChannelList;
import dev.rewind.api.routes.RouteList;
import dev.rewind.api.routes.RouteRequest;
import dev.rewind.api.routes.ChannelRequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.replaytool.access.AccessControl;
import dev.rewind.api.problems.ProblemType;
import io.javalin.Javalin;
import io.javalin.http.Context;

/** The {@code /api/v1/components/{component}/routes} and {@code /channels} resources. */
public final class RouteHandlers {

    private static final String ROUTES = "/api/v1/components/{component}/routes";
    private static final String CHANNELS = "/api/v1/components/{component}/channels";

    private final RouteService routes;
    private final ObjectMapper mapper;

    /** Handlers over a route service. */
    public RouteHandlers(RouteService routes, ObjectMapper mapper) {
        this.routes = routes;
        this.mapper = mapper;
    }

    /** Adds the routes to the app. */
    public void register(Javalin app) {
        app.get(ROUTES, ctx -> ctx.json(new RouteList(component(ctx), routes.routes(component(ctx)))));
        app.get(ROUTES + "/{selector}", ctx -> ctx.json(routes.route(component(ctx), ctx.pathParam("selector"))));
        app.put(ROUTES + "/{selector}", ctx -> ctx.json(routes.set(component(ctx), ctx.pathParam("selector"),
                body(ctx, RouteRequest.class), AccessControl.caller(ctx))));
        app.delete(ROUTES + "/{selector}", ctx -> ctx.json(routes.unset(component(ctx), ctx.pathParam("selector"),
                reason(ctx), AccessControl.caller(ctx))));
        app.get(CHANNELS, ctx -> ctx.json(new ChannelList(component(ctx), routes.channels(component(ctx)))));
        app.get(CHANNELS + "/{channel}", ctx -> ctx.json(routes.channel(component(ctx), ctx.pathParam("channel"))));
        app.put(CHANNELS + "/{channel}", ctx -> ctx.json(routes.setChannel(component(ctx), ctx.pathParam("channel"),
                body(ctx, ChannelRequest.class), AccessControl.caller(ctx))));
        app.delete(CHANNELS + "/{channel}", ctx -> {
            throw ProblemType.METHOD_NOT_ALLOWED.exception("A channel cannot be removed because routes may"
                    + " point at it; point it at another version with PUT " + ctx.path() + ".");
        });
    }

    private static String component(Context ctx) {
        return ctx.pathParam("component");
    }

    /** The reason of a DELETE: query parameter {@code reason}, or a JSON body {"reason": ...}. */
    private String reason(Context ctx) {
        String reason = ctx.queryParam("reason");
        if (reason == null && !ctx.body().isBlank()) {
            reason = body(ctx, RouteRequest.class).reason();
        }
        return reason;
    }

    private <T> T body(Context ctx, Class<T> type) {
        try {
            T value = mapper.readValue(ctx.body(), type);
            if (value == null) {
                throw ProblemType.BAD_REQUEST.exception("The body is empty; send JSON.");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw ProblemType.BAD_REQUEST.exception("The body is not valid JSON for this request: "
                    + e.getOriginalMessage() + ". See /api/v1/openapi.json.");
        }
    }
}
