package dev.rewind.replaytool.history.internal;

import dev.rewind.replaytool.history.EventHistory;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * What one instance of the index asks the others. Source events are indexed by the instance that
 * reads their partition, so a listing gathers every instance's entries; processings are keyed by
 * event id, so they are asked of the one instance holding the id.
 */
public interface Peers {

    /** No other instance: a single instance, or a test. */
    Peers NONE = new Peers() {
        @Override
        public Optional<EventHistory> history(HostInfo owner, String eventId) {
            return Optional.empty();
        }

        @Override
        public CohortSlice slice(HostInfo peer, String key, long from, long upper, int max) {
            return CohortSlice.EMPTY;
        }

        @Override
        public Optional<EventHistory> record(HostInfo peer, String eventId) {
            return Optional.empty();
        }
    };

    /** The processings and dead letters of {@code eventId} held by {@code owner}. */
    Optional<EventHistory> history(HostInfo owner, String eventId);

    /** {@code peer}'s slice of its own partitions (entries carrying their records), as {@link CohortSlice#merge}. */
    CohortSlice slice(HostInfo peer, String key, long from, long upper, int max);

    /** The record of {@code eventId} if one of {@code peer}'s partitions holds it. */
    Optional<EventHistory> record(HostInfo peer, String eventId);
}
