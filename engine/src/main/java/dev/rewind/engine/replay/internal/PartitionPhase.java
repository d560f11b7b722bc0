package dev.rewind.engine.replay.internal;

/**
 * Where one assigned source partition stands with respect to replays: {@link Live} (no replay),
 * {@link Replaying} (between a plan's start and end offsets) or {@link Done} (a replay ended and
 * its final status waits to be committed; the partition is live again). One type per state, so
 * what can be done in each is what its type offers.
 */
public sealed interface PartitionPhase permits PartitionPhase.Live, Replaying, Done {

    /** No replay on this partition: every record is handled live. */
    enum Live implements PartitionPhase {
        /** The only instance. */
        INSTANCE
    }

    /** The live phase. */
    static PartitionPhase live() {
        return Live.INSTANCE;
    }
}
