package dev.rewind.replaytool.replay;

import dev.rewind.api.replays.ReplayList;
import dev.rewind.api.replays.ReplayRequest;
import dev.rewind.api.replays.ReplayStatus;
import dev.rewind.api.replays.ReplayState;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.replaytool.access.AccessControl;
import dev.rewind.api.problems.ProblemType;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/** The {@code /api/v1/replays} resource. */
public final class ReplayHandlers {

    private final ReplayService replays;
    private final ObjectMapper mapper;

    /** Handlers over a replay service. */
    public ReplayHandlers(ReplayService replays, ObjectMapper mapper) {
        this.replays = replays;
        this.mapper = mapper;
    }

    /** Adds the routes to the app. */
    public void register(Javalin app) {
        app.post("/api/v1/replays", this::start);
        app.get("/api/v1/replays", this::list);
        app.get("/api/v1/replays/{id}", ctx -> ctx.json(replays.get(ctx.pathParam("id"))));
        app.delete("/api/v1/replays/{id}", ctx -> ctx.json(replays.cancel(ctx.pathParam("id"),
                AccessControl.caller(ctx), ctx.queryParam("reason"))));
    }

    private void start(Context ctx) {
        ReplayRequest request;
        try {
            request = mapper.readValue(ctx.body(), ReplayRequest.class);
        } catch (JsonProcessingException e) {
            throw ProblemType.BAD_REQUEST.exception("The body is not a valid replay request: "
                    + e.getOriginalMessage() + ". Send JSON like {\"component\": \"c\", \"version\": \"v2\","
                    + " \"cohort\": \"customer:acme\", \"from\": \"2026-01-01T10:00:00Z\", \"reason\": \"...\"}.");
        }
        if (request == null) {
            throw ProblemType.BAD_REQUEST.exception("The body is empty; send a JSON replay request.");
        }
        ReplayStatus status = replays.start(request, AccessControl.caller(ctx));
        ctx.status(HttpStatus.ACCEPTED)
                .header("Location", "/api/v1/replays/" + status.id())
                .json(status);
    }

    private void list(Context ctx) {
        String stateText = ctx.queryParam("state");
        ReplayState state = null;
        if (stateText != null && !stateText.isBlank()) {
            try {
                state = ReplayState.parse(stateText);
            } catch (IllegalArgumentException e) {
                throw ProblemType.BAD_REQUEST.exception(e.getMessage());
            }
        }
        ctx.json(new ReplayList(replays.list(ctx.queryParam("component"), state)));
    }
}
