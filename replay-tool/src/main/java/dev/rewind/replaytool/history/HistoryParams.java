package dev.rewind.replaytool.history;

import dev.rewind.replaytool.history.internal.TimeParam;
import dev.rewind.api.problems.ProblemType;
import io.javalin.http.Context;
import java.time.Instant;

/** Parses the query parameters of the history resources into domain types, or a 400/422 problem. */
final class HistoryParams {

    private HistoryParams() {
    }

    static EventQuery query(Context ctx, Instant now) {
        CohortKey cohort;
        Instant to;
        Instant from;
        try {
            cohort = CohortKey.parse(ctx.queryParam("cohort"));
            String toText = ctx.queryParam("to");
            String fromText = ctx.queryParam("from");
            to = toText == null ? now : TimeParam.parse("to", toText, now);
            from = fromText == null ? to.minus(HistoryHandlers.DEFAULT_SPAN) : TimeParam.parse("from", fromText, now);
        } catch (IllegalArgumentException e) {
            throw ProblemType.BAD_REQUEST.exception(e.getMessage());
        }
        if (!from.isBefore(to)) {
            throw ProblemType.EMPTY_WINDOW.exception("from (" + from + ") must be before to (" + to + ")");
        }
        int limit = limit(ctx.queryParam("limit"));
        PageCursor cursor;
        ProcessingStatus status;
        try {
            cursor = ctx.queryParam("cursor") == null ? null : PageCursor.parse(ctx.queryParam("cursor"));
            status = ctx.queryParam("status") == null ? null : ProcessingStatus.parse(ctx.queryParam("status"));
        } catch (IllegalArgumentException e) {
            throw ProblemType.BAD_REQUEST.exception(e.getMessage());
        }
        return new EventQuery(cohort, from, to, ctx.queryParam("type"), ctx.queryParam("version"), status, limit,
                cursor);
    }

    private static int limit(String text) {
        if (text == null) {
            return EventQuery.DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw ProblemType.BAD_REQUEST.exception("limit '" + text + "' is not a number; use 1 to "
                    + EventQuery.MAX_LIMIT);
        }
        if (limit < 1 || limit > EventQuery.MAX_LIMIT) {
            throw ProblemType.INVALID_VALUE.exception("limit " + limit + " is out of range; use 1 to "
                    + EventQuery.MAX_LIMIT + " and page with nextCursor", java.util.Map.of("field", "limit"));
        }
        return limit;
    }

    static StatsWindow window(Context ctx) {
        String text = ctx.queryParam("window");
        try {
            return text == null ? StatsWindow.FIFTEEN_MINUTES : StatsWindow.parse(text);
        } catch (IllegalArgumentException e) {
            throw ProblemType.BAD_REQUEST.exception(e.getMessage());
        }
    }

    static CohortDimension by(Context ctx) {
        String text = ctx.queryParam("by");
        try {
            return text == null ? null : CohortDimension.parse(text);
        } catch (IllegalArgumentException e) {
            throw ProblemType.BAD_REQUEST.exception(e.getMessage());
        }
    }
}
