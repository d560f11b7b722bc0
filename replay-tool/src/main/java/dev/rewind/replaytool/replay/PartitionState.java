package dev.rewind.replaytool.replay;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The state of one partition of a replay. */
public enum PartitionState {
    /** No instance has planned this partition yet. */
    PENDING,
    /** Planned and not yet past its target. */
    RUNNING,
    /** Past its target; live again. */
    COMPLETED,
    /** Stopped by a cancel where it was. */
    CANCELLED,
    /** Stopped by an error. */
    FAILED;

    /** Whether nothing more will happen on the partition. */
    public boolean isTerminal() {
        return this == COMPLETED || this == CANCELLED || this == FAILED;
    }

    /** The API state of a partition that reported {@code state}. */
    public static PartitionState of(dev.rewind.protocol.control.ReplayProgress.State state) {
        return valueOf(state.name());
    }

    /** The lower-case name used in the API. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
