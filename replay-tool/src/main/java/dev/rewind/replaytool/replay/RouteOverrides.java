package dev.rewind.replaytool.replay;

import dev.rewind.protocol.control.StartReplay;
import dev.rewind.replaytool.access.Caller;

/**
 * Step 2 of protocol/REPLAY-PROTOCOL.md: before a replay starts, moves ownership of the cohort's window to
 * the replayed version when that version did not own it for the whole window (fix forward).
 */
@FunctionalInterface
public interface RouteOverrides {

    /**
     * Publishes a REPLAY_OVERRIDE route change for the replay's cohort and window if the target
     * version did not own the cohort for the whole window, and waits until it is readable.
     *
     * @return whether an override was published
     */
    boolean moveWindowIfNeeded(StartReplay spec, Caller caller);
}
