package dev.rewind.replaytool.audit;

import dev.rewind.api.problems.ProblemType;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;

/** {@code GET /api/v1/audit?component=&limit=}: who changed what, when and why, newest first. */
public final class AuditHandlers {

    private static final int DEFAULT_LIMIT = 100;

    private final AuditLog audit;

    /** Handlers over an audit log. */
    public AuditHandlers(AuditLog audit) {
        this.audit = audit;
    }

    /** Adds the routes to the app. */
    public void register(Javalin app) {
        app.get("/api/v1/audit", this::list);
    }

    private void list(Context ctx) {
        int limit = DEFAULT_LIMIT;
        String text = ctx.queryParam("limit");
        if (text != null) {
            try {
                limit = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 10_000) {
                throw ProblemType.BAD_REQUEST.exception("'limit' must be a number from 1 to 10000, was '"
                        + text + "'.");
            }
        }
        ctx.json(Map.of("entries", audit.entries(ctx.queryParam("component"), limit)));
    }
}
