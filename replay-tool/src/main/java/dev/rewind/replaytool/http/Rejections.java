package dev.rewind.replaytool.http;

import dev.rewind.api.problems.Problem;
import dev.rewind.api.problems.ProblemType;
import dev.rewind.replaytool.Rejection;

/** The one mapping of the service's {@link Rejection}s to problem documents (RFC 9457). */
public final class Rejections {

    private Rejections() {
    }

    /** The problem type a rejection is reported as. */
    public static ProblemType problemType(Rejection rejection) {
        if (rejection instanceof Rejection.Malformed) {
            return ProblemType.BAD_REQUEST;
        }
        if (rejection instanceof Rejection.Invalid invalid) {
            return switch (invalid.rule()) {
                case VALUE -> ProblemType.INVALID_VALUE;
                case EMPTY_WINDOW -> ProblemType.EMPTY_WINDOW;
                case WINDOW_IN_FUTURE -> ProblemType.WINDOW_IN_FUTURE;
                case WINDOW_TOO_LONG -> ProblemType.WINDOW_TOO_LONG;
                case WINDOW_BEFORE_RETENTION -> ProblemType.WINDOW_BEFORE_RETENTION;
                case ROUTE_TOO_EARLY -> ProblemType.ROUTE_TOO_EARLY;
            };
        }
        if (rejection instanceof Rejection.Unknown unknown) {
            return switch (unknown.thing()) {
                case COMPONENT -> ProblemType.UNKNOWN_COMPONENT;
                case VERSION -> ProblemType.UNKNOWN_VERSION;
                case REPLAY -> ProblemType.UNKNOWN_REPLAY;
                case ROUTE -> ProblemType.UNKNOWN_ROUTE;
                case CHANNEL -> ProblemType.NOT_FOUND;
                case DEAD_LETTER -> ProblemType.UNKNOWN_DEAD_LETTER;
                case SHADOW_RUN -> ProblemType.UNKNOWN_SHADOW_RUN;
                case ROLLOUT -> ProblemType.UNKNOWN_ROLLOUT;
            };
        }
        if (rejection instanceof Rejection.Conflict conflict) {
            return switch (conflict.reason()) {
                case NO_RUNNING_INSTANCE -> ProblemType.NO_RUNNING_INSTANCE;
                case OVERLAPPING_REPLAY -> ProblemType.OVERLAPPING_REPLAY;
                case REPLAY_FINISHED -> ProblemType.REPLAY_FINISHED;
                case NOTHING_TO_REDRIVE -> ProblemType.NOTHING_TO_REDRIVE;
                case VERSION_BEHIND -> ProblemType.VERSION_BEHIND;
                case SHADOW_RUN_FINISHED -> ProblemType.SHADOW_RUN_FINISHED;
                case OVERLAPPING_ROLLOUT -> ProblemType.OVERLAPPING_ROLLOUT;
                case ROLLOUT_STATE -> ProblemType.ROLLOUT_STATE;
                case HISTORY_OFF -> ProblemType.HISTORY_OFF;
            };
        }
        if (rejection instanceof Rejection.Unavailable) {
            return ProblemType.UNAVAILABLE;
        }
        // unreachable while Rejection is sealed; Java 17 has no pattern switch to prove it
        throw new IllegalStateException("no problem type for " + rejection.getClass().getName());
    }

    /** The problem document of a rejection of a request to {@code instance}. */
    public static Problem problem(Rejection rejection, String instance) {
        return Problem.of(problemType(rejection), rejection.getMessage(), instance, rejection.facts());
    }
}
