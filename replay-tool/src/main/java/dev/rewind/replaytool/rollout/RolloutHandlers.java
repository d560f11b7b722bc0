package dev.rewind.replaytool.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.api.problems.ProblemType;
import dev.rewind.api.rollouts.RolloutActionRequest;
import dev.rewind.api.rollouts.RolloutDecisionView;
import dev.rewind.api.rollouts.RolloutGuardView;
import dev.rewind.api.rollouts.RolloutList;
import dev.rewind.api.rollouts.RolloutRequest;
import dev.rewind.api.rollouts.RolloutView;
import dev.rewind.replaytool.access.AccessControl;
import dev.rewind.replaytool.history.IndexUnavailableException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/v1/rollouts}: start ({@code POST}), list, show (with what the guard sees now), and
 * {@code POST /api/v1/rollouts/{id}/pause}, {@code /resume}, {@code /abort}.
 */
public final class RolloutHandlers {

    private static final String ROLLOUTS = "/api/v1/rollouts";
    private static final Set<String> STATES = Set.of("watching", "paused", "rolling-back", "replaying", "rolled-back",
            "completed", "aborted");

    private final RolloutService rollouts;
    private final ObjectMapper mapper;

    /** Handlers over a rollout service. */
    public RolloutHandlers(RolloutService rollouts, ObjectMapper mapper) {
        this.rollouts = rollouts;
        this.mapper = mapper;
    }

    /** Adds the routes to the app. */
    public void register(Javalin app) {
        app.post(ROLLOUTS, ctx -> {
            Rollout started = rollouts.start(body(ctx, RolloutRequest.class), AccessControl.caller(ctx));
            ctx.status(HttpStatus.CREATED).header("Location", ROLLOUTS + "/" + started.id()).json(view(started));
        });
        app.get(ROLLOUTS, ctx -> {
            String state = ctx.queryParam("state");
            if (state != null && !STATES.contains(state)) {
                throw ProblemType.BAD_REQUEST.exception("'state' must be one of " + STATES + ", was '" + state + "'.");
            }
            ctx.json(new RolloutList(rollouts.list(ctx.queryParam("component"), state).stream()
                    .map(this::view).toList()));
        });
        app.get(ROLLOUTS + "/{id}", ctx -> ctx.json(view(rollouts.get(ctx.pathParam("id")))));
        app.post(ROLLOUTS + "/{id}/pause", ctx -> ctx.json(view(rollouts.pause(ctx.pathParam("id"),
                reason(ctx), AccessControl.caller(ctx)))));
        app.post(ROLLOUTS + "/{id}/resume", ctx -> ctx.json(view(rollouts.resume(ctx.pathParam("id"),
                reason(ctx), AccessControl.caller(ctx)))));
        app.post(ROLLOUTS + "/{id}/abort", ctx -> ctx.json(view(rollouts.abort(ctx.pathParam("id"),
                reason(ctx), AccessControl.caller(ctx)))));
    }

    private String reason(Context ctx) {
        return ctx.body().isBlank() ? ctx.queryParam("reason") : body(ctx, RolloutActionRequest.class).reason();
    }

    private RolloutView view(Rollout r) {
        Optional<GuardVerdict> guard;
        try {
            guard = rollouts.guardNow(r);
        } catch (IndexUnavailableException | dev.rewind.replaytool.history.KeyElsewhereException e) {
            guard = Optional.empty(); // the view is still worth showing while the index rebalances
        }
        return view(r, guard.orElse(null));
    }

    /** The API view of a rollout, with what the guard sees now (or null). */
    static RolloutView view(Rollout r, GuardVerdict guard) {
        RolloutSpec spec = r.spec();
        RolloutPhase phase = r.phase();
        var stepEffectiveFrom = phase instanceof RolloutPhase.Watching w ? w.effectiveFrom()
                : phase instanceof RolloutPhase.Paused p ? p.effectiveFrom() : null;
        var watchFrom = phase instanceof RolloutPhase.Watching w ? w.watchFrom() : null;
        var routeBack = phase instanceof RolloutPhase.RollingBack rb ? rb.routeBackFrom()
                : phase instanceof RolloutPhase.Replaying rp ? rp.routeBackFrom()
                : phase instanceof RolloutPhase.RolledBack rd ? rd.routeBackFrom() : null;
        String replayId = phase instanceof RolloutPhase.Replaying rp ? rp.replayId()
                : phase instanceof RolloutPhase.RolledBack rd ? rd.replayId() : null;
        List<java.math.BigDecimal> steps = java.util.stream.IntStream.range(0, spec.stepBasisPoints().size())
                .mapToObj(spec::percent).toList();
        return new RolloutView(r.id().value(), spec.component(), spec.selector().toString(), spec.version(),
                spec.baseline(), steps, spec.rampDimension().label(), spec.guard().marginPercent(),
                spec.guard().window().toString(), spec.guard().minSamples(), phase.label(), phase.step(),
                spec.percent(phase.step()), stepEffectiveFrom, watchFrom, r.movedFrom(), routeBack, replayId,
                r.author(), r.reason(), r.createdAt(), r.updatedAt(), guard == null ? null : guard(guard),
                r.decisions().stream().map(RolloutHandlers::decision).toList());
    }

    private static RolloutGuardView guard(GuardVerdict v) {
        return new RolloutGuardView(v.version().outcomes(), v.version().errors(), v.version().errorRate(),
                v.baseline().outcomes(), v.baseline().errors(), v.baseline().errorRate(), v.scope().label(),
                v.label(), v.detail());
    }

    private static RolloutDecisionView decision(Decision d) {
        return new RolloutDecisionView(d.at(), d.kind(), d.step(), d.detail(), d.version().outcomes(),
                d.version().errors(), d.baseline().outcomes(), d.baseline().errors(), d.author(), d.routeChangeId(),
                d.replayId());
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
