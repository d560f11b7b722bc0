package dev.rewind.api.problems;

import java.net.URI;

/**
 * The kinds of problem the replay service reports, each with a stable {@code type} URI, a short
 * title and the HTTP status it is sent with (RFC 9457).
 *
 * <p>The URIs are part of the API: clients may switch on them, so they never change meaning.
 */
public enum ProblemType {
    /** The request body or a parameter is malformed. */
    BAD_REQUEST("bad-request", "The request is malformed", 400),
    /** No or an unknown bearer token. */
    UNAUTHENTICATED("unauthenticated", "A valid bearer token is required", 401),
    /** The token's role does not allow the operation. */
    FORBIDDEN("forbidden", "The token's role does not allow this operation", 403),
    /** No such path. */
    NOT_FOUND("not-found", "No such resource", 404),
    /** No consumer group nor route knows the component. */
    UNKNOWN_COMPONENT("unknown-component", "Unknown component", 404),
    /** The component is known but not the version. */
    UNKNOWN_VERSION("unknown-version", "Unknown version", 404),
    /** No replay with that id. */
    UNKNOWN_REPLAY("unknown-replay", "Unknown replay", 404),
    /** No route for that selector. */
    UNKNOWN_ROUTE("unknown-route", "Unknown route", 404),
    /** No dead-letter entry with that id. */
    UNKNOWN_DEAD_LETTER("unknown-dead-letter", "Unknown dead-letter entry", 404),
    /** No shadow run with that id (it never reported, or ended over an hour ago). */
    UNKNOWN_SHADOW_RUN("unknown-shadow-run", "Unknown shadow run", 404),
    /** No rollout with that id. */
    UNKNOWN_ROLLOUT("unknown-rollout", "Unknown rollout", 404),
    /** The method is not supported on the path. */
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    /** The version's consumer group has no members. */
    NO_RUNNING_INSTANCE("no-running-instance", "No running instance of the version", 409),
    /** A replay of the same version on an overlapping cohort is still running. */
    OVERLAPPING_REPLAY("overlapping-replay", "An overlapping replay is running", 409),
    /** The replay already finished. */
    REPLAY_FINISHED("replay-finished", "The replay has already finished", 409),
    /** Every selected dead letter is already fixed or not redrivable through the version. */
    NOTHING_TO_REDRIVE("nothing-to-redrive", "Nothing to redrive", 409),
    /** The version has not consumed past a record to redrive yet. */
    VERSION_BEHIND("version-behind", "The version has not reached the records yet", 409),
    /** The shadow run already ended (stopped, failed or expired). */
    SHADOW_RUN_FINISHED("shadow-run-finished", "The shadow run has already ended", 409),
    /** A rollout of the same component on an overlapping cohort has not finished. */
    OVERLAPPING_ROLLOUT("overlapping-rollout", "An overlapping rollout is in progress", 409),
    /** The rollout's state does not allow the action (e.g. pausing a finished rollout). */
    ROLLOUT_STATE("rollout-state", "The rollout's state does not allow this", 409),
    /** The service runs without the history index, whose statistics a rollout's guard reads. */
    HISTORY_OFF("history-off", "The history index is off", 409),
    /** from is not before to. */
    EMPTY_WINDOW("empty-window", "The window is empty", 422),
    /** to lies in the future. */
    WINDOW_IN_FUTURE("window-in-future", "The window ends in the future", 422),
    /** The window is longer than the configured maximum. */
    WINDOW_TOO_LONG("window-too-long", "The window is too long", 422),
    /** from lies before the earliest retained event. */
    WINDOW_BEFORE_RETENTION("window-before-retention",
            "The window starts before the earliest retained event", 422),
    /** A route change would take effect too early. */
    ROUTE_TOO_EARLY("route-too-early", "The route change would take effect too early", 422),
    /** A value is well formed but not acceptable. */
    INVALID_VALUE("invalid-value", "Invalid value", 422),
    /** Kafka or another dependency did not answer in time. */
    UNAVAILABLE("unavailable", "A dependency of the service is unavailable", 503),
    /** Anything else. */
    INTERNAL("internal", "Internal error", 500);

    private static final String BASE = "https://rewind.dev/problems/";

    private final URI type;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.type = URI.create(BASE + slug);
        this.title = title;
        this.status = status;
    }

    /** The stable type URI, e.g. {@code https://rewind.dev/problems/window-too-long}. */
    public URI type() {
        return type;
    }

    /** The short, fixed title. */
    public String title() {
        return title;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The known type with this URI, if any. */
    public static java.util.Optional<ProblemType> of(URI type) {
        for (ProblemType t : values()) {
            if (t.type.equals(type)) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }

    /** A problem of this type with the given detail, to be thrown from an HTTP handler. */
    public ProblemException exception(String detail) {
        return new ProblemException(this, detail, java.util.Map.of());
    }

    /** A problem of this type with extension members (RFC 9457 section 3.2). */
    public ProblemException exception(String detail, java.util.Map<String, Object> extensions) {
        return new ProblemException(this, detail, extensions);
    }
}
