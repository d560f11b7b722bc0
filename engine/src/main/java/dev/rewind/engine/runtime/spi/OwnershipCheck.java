package dev.rewind.engine.runtime.spi;

import dev.rewind.engine.processor.Cohort;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Decides whether this version owns an event, from the route history read so far. */
public interface OwnershipCheck {

    /**
     * The answers; {@code UNDECIDED} when the event is newer than the route history read,
     * {@code UNROUTED} when no version owns it and this version is the one that dead-letters it
     * (another version's answer is then {@code NOT_OWNED}).
     */
    public enum Decision { OWNED, NOT_OWNED, UNDECIDED, UNROUTED }

    Decision decide(Cohort cohort, Instant eventTime);

    /**
     * The selector ids that decide ownership by cohort in the route history read now, when nothing
     * else about the cohort does (no ramp) and they are few: an event's {@linkplain
     * EventDecoder#peekCohort canonical cohort} under them then has the owner its cohort has. Empty
     * otherwise (the cohort is projected). The default has none.
     */
    default Optional<CohortKeys> cohortKeys() {
        return Optional.empty();
    }

    /**
     * {@link #decide} for a canonical cohort under {@code keys} (or a whole cohort): empty when the
     * route history read now is no longer the one {@code keys} were taken from, since a newer one may
     * route by an id they lack (read the cohort again). Consumer thread only; allocates nothing once a
     * canonical cohort was decided in the current slice. The default never decides.
     */
    default Optional<Decision> decideCanonical(Cohort cohort, CohortKeys keys, Instant eventTime) {
        return Optional.empty();
    }

    /**
     * The time at which ownership and replay windows treat {@code record}: its timestamp, or the
     * ownership time fixed for it when its timestamp lies implausibly far ahead of the route history
     * ({@link dev.rewind.engine.routing.EventTimeRule}), fixing it first if needed. Pass the answer to
     * {@link #decide}, {@link #reportsUnroutable} and {@link #decidable}. The default is the timestamp.
     */
    default Instant eventTime(ConsumerRecord<byte[], byte[]> record) {
        return Instant.ofEpochMilli(record.timestamp());
    }

    /**
     * Like {@link #eventTime} but never fixes: the fixed ownership time if one was read, else the
     * timestamp. Any thread (a dry run's).
     */
    default Instant fixedEventTime(ConsumerRecord<byte[], byte[]> record) {
        return Instant.ofEpochMilli(record.timestamp());
    }

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
