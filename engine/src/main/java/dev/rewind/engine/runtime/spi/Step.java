package dev.rewind.engine.runtime.spi;

import dev.rewind.engine.dlq.DlqReason;
import java.time.Instant;
import java.util.Objects;

/**
 * What happened to one record a {@link PartitionHandler} was given, and so what the consumer loop
 * does next with its partition. The answer carries everything the loop and the handler's caller need:
 * nothing is read back from the pipeline afterwards.
 *
 * <p>{@link Handled} answers have put the record's offset into the open transaction; {@link Waiting}
 * answers have not: the loop seeks back to the record, pauses the partition and resumes it when the
 * wait is over.
 */
public sealed interface Step {

    /** The processor ran and its outputs and OK outcome are in the transaction. */
    Processed PROCESSED = new Processed();

    /** Skipped: another version owns the event (the skip path's one answer, allocated once). */
    Skipped NOT_OWNED = new Skipped("not-owned");

    /** The record's offset is in the open transaction; go on with the next record, unless {@link Stopped}. */
    sealed interface Handled extends Step permits Processed, Skipped, Failed, Stopped {
    }

    /** The record was not handled: pause the partition at it and come back later. */
    sealed interface Waiting extends Step permits Throttled, WaitingForRoutes {
    }

    /** Processed OK. */
    record Processed() implements Handled {
    }

    /**
     * Passed over without calling the processor (another version owns it, a replay skips it, a
     * duplicate); {@code reason} is the metric tag.
     */
    record Skipped(String reason) implements Handled {
        public Skipped {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Dead-lettered (the processor failed, or the record is no valid event); the partition goes on. */
    record Failed(DlqReason reason) implements Handled {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Dead-lettered, and {@code error.policy=stop-partition} stops the partition for good. */
    record Stopped(DlqReason reason) implements Handled {
        public Stopped {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A replay's rate limit refused the record: retry it in {@code nanos} nanoseconds at the earliest. */
    record Throttled(long nanos) implements Waiting {
        public Throttled {
            if (nanos < 0) {
                throw new IllegalArgumentException("nanos must be >= 0, was " + nanos);
            }
        }
    }

    /**
     * The record's owner cannot be decided yet (the event is newer than the route history read):
     * retry once the route history is decidable at {@code eventTime}.
     */
    record WaitingForRoutes(Instant eventTime) implements Waiting {
        public WaitingForRoutes {
            Objects.requireNonNull(eventTime, "eventTime");
        }
    }

    /** Whether the processing dead-lettered the record ({@link Failed} or {@link Stopped}). */
    default boolean failed() {
        return this instanceof Failed || this instanceof Stopped;
    }
}
