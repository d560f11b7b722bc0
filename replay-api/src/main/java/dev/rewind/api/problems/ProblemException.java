package dev.rewind.api.problems;

import java.util.Map;
import java.util.Objects;

/**
 * A {@link Problem} as an exception: thrown by the service's HTTP handlers to answer with an
 * {@code application/problem+json} body, and by API clients when the service answered with one.
 * Domain code does not throw it: services throw their own rejections, which the HTTP edge maps.
 *
 * <p>The detail is sent to the caller as is: it must say what is wrong and what to do about it,
 * and must not leak secrets.
 */
public final class ProblemException extends RuntimeException {

    private final transient Problem problem;

    /** An exception carrying the problem. */
    public ProblemException(Problem problem) {
        super(problem.detail() == null ? problem.title() : problem.detail());
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** A problem of a known type with a detail and optional extension members. */
    public ProblemException(ProblemType problemType, String detail, Map<String, Object> extensions) {
        this(Problem.of(problemType, detail, null, extensions));
    }

    /** The problem document (without {@code instance} when thrown by a handler). */
    public Problem problem() {
        return problem;
    }

    /** The sentence for the caller. */
    public String detail() {
        return problem.detail();
    }

    /** The problem document as sent for a request to {@code instance}. */
    public Problem at(String instance) {
        return new Problem(problem.type(), problem.title(), problem.status(), problem.detail(), instance,
                problem.extensions());
    }
}
