package dev.rewind.engine.shadow;

/** Where a shadow run is in its life. */
public enum ShadowState {
    /** Reading and comparing. */
    RUNNING,
    /** Stopped on request; nothing of it is left but its report. */
    STOPPED,
    /** Stopped by an error (see the snapshot's message). */
    FAILED;

    /** Whether the run has ended. */
    public boolean finished() {
        return this != RUNNING;
    }
}
