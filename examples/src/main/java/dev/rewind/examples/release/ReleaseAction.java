package dev.rewind.examples.release;

/** What the release coordinator decides for a build. */
public enum ReleaseAction {
    /** Deploy this build to production. */
    RELEASE,
    /** Do not release this build; the reason says why. */
    HOLD,
    /** Production deploy failed: go back to this (previously released) build. */
    ROLLBACK
}
