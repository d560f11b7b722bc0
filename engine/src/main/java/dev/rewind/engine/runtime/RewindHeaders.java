package dev.rewind.engine.runtime;

/** Headers the runtime puts on every output record, and the trace header it carries over. */
public final class RewindHeaders {

    /** The id of the event whose processing produced the output (UTF-8). */
    public static final String EVENT_ID = "rewind.event-id";
    /** The version that produced the output (UTF-8). */
    public static final String VERSION = "rewind.version";
    /** The replay that produced the output, present only for replays (UTF-8). */
    public static final String REPLAY_ID = "rewind.replay-id";
    /** W3C trace context, copied unchanged from the event to its outputs. */
    public static final String TRACEPARENT = "traceparent";

    private RewindHeaders() {
    }
}
