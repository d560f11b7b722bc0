package dev.rewind.engine.replay.internal;

/** What a replaying partition does with one record. */
public enum Verdict {
    /** An owned event of the cohort and window: give it to the processor in replay mode. */
    REPROCESS,
    /** Any other record before the plan's end: pass over it without calling the processor. */
    SKIP,
    /** At or after the plan's end offset: the replay is over, handle it live. */
    LIVE,
    /** An event of the cohort and window whose owner the route history read cannot decide yet: wait for it. */
    WAIT_FOR_ROUTES
}
