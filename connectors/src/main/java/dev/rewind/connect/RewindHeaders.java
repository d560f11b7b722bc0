package dev.rewind.connect;

/**
 * Header names the connectors read and write. The first three are the ones the engine puts on every
 * output record (engine's {@code dev.rewind.engine.runtime.RewindHeaders}, DESIGN.md "Topics"); the
 * cohort headers are written by {@link dev.rewind.connect.transforms.InsertCohort} so a consumer can
 * see an event's cohort without decoding it. All values are UTF-8 strings.
 */
public final class RewindHeaders {

    /** The id of the event (on events), or of the event whose processing produced an output. */
    public static final String EVENT_ID = "rewind.event-id";
    /** The version that produced an output. */
    public static final String VERSION = "rewind.version";
    /** The replay that produced an output; absent on live outputs. */
    public static final String REPLAY_ID = "rewind.replay-id";
    /** Prefix of the cohort headers: {@code rewind.cohort.customer}, {@code .plan}, {@code .project}. */
    public static final String COHORT_PREFIX = "rewind.cohort.";

    private RewindHeaders() {
    }
}
