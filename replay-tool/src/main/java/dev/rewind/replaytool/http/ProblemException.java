package dev.rewind.replaytool.http;

import java.util.Map;
import java.util.Objects;

/**
 * Thrown by request handling to answer with an {@code application/problem+json} body.
 *
 * <p>The detail is sent to the caller as is: it must say what is wrong and what to do about it,
 * and must not leak secrets.
 */
public final class ProblemException extends RuntimeException {

    private final ProblemType problemType;
    private final transient Map<String, Object> extensions;

    /** A problem with a detail and optional extension members. */
    public ProblemException(ProblemType problemType, String detail, Map<String, Object> extensions) {
        super(detail);
        this.problemType = Objects.requireNonNull(problemType, "problemType");
        this.extensions = Map.copyOf(extensions);
    }

    /** The kind of problem. */
    public ProblemType problemType() {
        return problemType;
    }

    /** The sentence for the caller. */
    public String detail() {
        return getMessage();
    }

    /** Extra members of the problem document, e.g. {@code earliestAvailable}. */
    public Map<String, Object> extensions() {
        return extensions;
    }
}
