package dev.rewind.engine.runtime.spi;

import dev.rewind.engine.processor.Cohort;
import java.time.Instant;

/** Decides whether this version owns an event, from the route history read so far. */
public interface OwnershipCheck {

    /** The three answers; {@code UNDECIDED} when the event is newer than the route history read. */
    enum Decision { OWNED, NOT_OWNED, UNDECIDED }

    Decision decide(Cohort cohort, Instant eventTime);

    /** Whether an event at {@code eventTime} can be decided now (the horizon has passed it). */
    boolean decidable(Instant eventTime);
}
