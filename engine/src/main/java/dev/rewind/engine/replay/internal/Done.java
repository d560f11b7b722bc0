package dev.rewind.engine.replay.internal;

import dev.rewind.protocol.control.ReplayProgress;
import java.util.Objects;

/**
 * A replay that ended on this partition (completed, cancelled or failed). The partition is live
 * again; {@code finalStatus} is written in the next transaction, and {@code resumeAt} is where live
 * handling continues (the plan's end offset: a cancelled replay skips the rest of its range, which
 * was processed live before the replay).
 *
 * @param finalStatus the last progress record of the replay on this partition
 * @param resumeAt the offset live handling continues from
 */
public record Done(ReplayProgress finalStatus, long resumeAt) implements PartitionPhase {

    /** Validates that the status is final. */
    public Done {
        Objects.requireNonNull(finalStatus, "finalStatus");
        if (!finalStatus.state().isFinal()) {
            throw new IllegalArgumentException("A done replay needs a final status, got " + finalStatus.state());
        }
    }
}
