package dev.rewind.replaytool.dlq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.api.dlq.RedriveRequest;
import dev.rewind.api.dlq.RedriveView;
import dev.rewind.api.problems.ProblemType;
import dev.rewind.replaytool.access.AccessControl;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The {@code /api/v1/components/{component}/dlq} resources: {@code GET} lists entries (filters
 * {@code version}, {@code reason}, {@code cohort}, {@code from}, {@code to}; paging {@code limit},
 * {@code cursor}), {@code GET .../{id}} reads one, {@code POST .../redrives} starts a redrive.
 */
public final class DlqHandlers {

    private static final String DLQ = "/api/v1/components/{component}/dlq";

    private final DlqService dlq;
    private final ObjectMapper mapper;

    /** Handlers over a DLQ service. */
    public DlqHandlers(DlqService dlq, ObjectMapper mapper) {
        this.dlq = dlq;
        this.mapper = mapper;
    }

    /** Adds the routes to the app. */
    public void register(Javalin app) {
        app.get(DLQ, this::list);
        app.post(DLQ + "/redrives", this::redrive);
        app.get(DLQ + "/{id}", ctx -> ctx.json(dlq.show(ctx.pathParam("component"), ctx.pathParam("id"))));
    }

    private void list(Context ctx) {
        DlqFilter filter = DlqFilter.of(ctx.queryParam("version"), ctx.queryParam("reason"), ctx.queryParam("cohort"),
                time(ctx, "from"), time(ctx, "to"));
        ctx.json(dlq.list(ctx.pathParam("component"), filter, blankless(ctx.queryParam("cursor")), limit(ctx)));
    }

    private void redrive(Context ctx) {
        RedriveRequest request;
        try {
            request = mapper.readValue(ctx.body(), RedriveRequest.class);
        } catch (JsonProcessingException e) {
            throw ProblemType.BAD_REQUEST.exception("The body is not a valid redrive request: "
                    + e.getOriginalMessage() + ". Send JSON like {\"version\": \"v2\", \"failedVersion\": \"v1\","
                    + " \"cohort\": \"plan:enterprise\", \"dryRun\": true, \"reason\": \"...\"}.");
        }
        RedriveView view = dlq.redrive(ctx.pathParam("component"), request, AccessControl.caller(ctx),
                ctx.header("Authorization"));
        ctx.status(HttpStatus.ACCEPTED).header("Location", "/api/v1/replays/" + view.id()).json(view);
    }

    private static int limit(Context ctx) {
        String text = ctx.queryParam("limit");
        if (text == null || text.isBlank()) {
            return DlqService.DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.strip());
            if (limit >= 1 && limit <= DlqService.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemType.BAD_REQUEST.exception("'limit' must be a whole number from 1 to " + DlqService.MAX_LIMIT
                + ", was '" + text + "'.");
    }

    private static Instant time(Context ctx, String name) {
        String text = blankless(ctx.queryParam(name));
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemType.BAD_REQUEST.exception("'" + name + "' must be an ISO-8601 instant such as"
                    + " 2026-01-01T10:00:00Z, was '" + text + "'.");
        }
    }

    private static String blankless(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
