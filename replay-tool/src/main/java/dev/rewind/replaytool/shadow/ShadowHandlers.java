package dev.rewind.replaytool.shadow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.api.problems.ProblemType;
import dev.rewind.api.shadows.ShadowRunReport;
import dev.rewind.api.shadows.ShadowRunState;
import dev.rewind.replaytool.access.AccessControl;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/**
 * The {@code /api/v1/shadows} resources: {@code GET} lists runs ({@code component}, {@code state}),
 * {@code GET /{id}} reads one, {@code PUT /{id}} is a runner's report, {@code DELETE /{id}} asks a run to stop.
 */
public final class ShadowHandlers {

    private static final String SHADOWS = "/api/v1/shadows";

    private final ShadowRuns runs;
    private final ObjectMapper mapper;

    /** Handlers over the service's shadow runs. */
    public ShadowHandlers(ShadowRuns runs, ObjectMapper mapper) {
        this.runs = runs;
        this.mapper = mapper;
    }

    /** Adds the routes to the app. */
    public void register(Javalin app) {
        app.get(SHADOWS, this::list);
        app.get(SHADOWS + "/{id}", ctx -> ctx.json(runs.get(ctx.pathParam("id"))));
        app.put(SHADOWS + "/{id}", this::report);
        app.delete(SHADOWS + "/{id}", ctx -> ctx.status(HttpStatus.ACCEPTED)
                .json(runs.requestStop(ctx.pathParam("id"), AccessControl.caller(ctx))));
    }

    private void list(Context ctx) {
        String state = ctx.queryParam("state");
        ShadowRunState parsed = null;
        if (state != null && !state.isBlank()) {
            try {
                parsed = ShadowRunState.parse(state);
            } catch (IllegalArgumentException e) {
                throw ProblemType.BAD_REQUEST.exception(e.getMessage() + ".");
            }
        }
        String component = ctx.queryParam("component");
        ctx.json(runs.list(component == null || component.isBlank() ? null : component.strip(), parsed));
    }

    private void report(Context ctx) {
        ShadowRunReport report;
        try {
            report = mapper.readValue(ctx.body(), ShadowRunReport.class);
        } catch (JsonProcessingException e) {
            throw ProblemType.BAD_REQUEST.exception("The body is not a valid shadow run report: "
                    + e.getOriginalMessage() + ". Send JSON like {\"component\": \"release-coordinator\","
                    + " \"version\": \"v2\", \"cohort\": \"plan:enterprise\", \"from\": \"2026-11-30T10:00:00Z\","
                    + " \"startedAt\": \"2026-11-30T10:00:00Z\", \"state\": \"running\", \"comparison\": {...}}"
                    + " (rewind shadow start sends it).");
        }
        ctx.json(runs.report(ctx.pathParam("id"), report, AccessControl.caller(ctx)));
    }
}
