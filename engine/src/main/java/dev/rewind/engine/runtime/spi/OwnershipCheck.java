package dev.rewind.engine.runtime.spi;

import dev.rewind.engine.processor.Cohort;
import java.time.Instant;
import java.util.Optional;

/** Decides whether this version owns an event, from the route history read so far. */
public interface OwnershipCheck {

    /**
     * The answers; {@code UNDECIDED} when the event is newer than the route history read,
     * {@code UNROUTED} when no version owns it and this version is the one that dead-letters it
     * (another version's answer is then {@code NOT_OWNED}).
     */
    public enum Decision { OWNED, NOT_OWNED, UNDECIDED, UNROUTED }

    Decision decide(Cohort cohort, Instant eventTime);

    /** Whether an event at {@code eventTime} can be decided now (the horizon has passed it). */
    boolean decidable(Instant eventTime);

    /**
     * Whether this version is the one that dead-letters a record at {@code eventTime} that no
     * version owns (unroutable, or not an event at all): {@code OWNED} if it is, {@code NOT_OWNED}
     * if another version is, {@code UNDECIDED} while the route history cannot tell yet. The default
     * makes every version report, as a check without route history must.
     */
    default Decision reportsUnroutable(Instant eventTime) {
        return Decision.OWNED;
    }

    /**
     * The decision for a record at {@code eventTime} taken from its timestamp alone, before its value
     * is read, when the route history allows one: {@code UNDECIDED} while the history cannot tell yet;
     * {@code NOT_OWNED} when another version owns every event at that time whatever its cohort and
     * this version does not dead-letter the unroutable then (so whatever the record holds, this
     * version has nothing to do with it); {@code OWNED} when this version owns every event at that
     * time whatever its cohort (the record must still be decoded: it may be no event at all); empty
     * when the cohort matters. The default never decides by time.
     */
    default Optional<Decision> decideByTime(Instant eventTime) {
        return Optional.empty();
    }
}
