package dev.rewind.engine.shadow;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a shadow run has found so far.
 *
 * @param component the component
 * @param version the name of the build running in the shadow, e.g. {@code v2}
 * @param cohort the selector of the cohort shadowed, e.g. {@code plan:enterprise}
 * @param from events at or after this time (the record timestamp) are run
 * @param startedAt when the run started
 * @param stateFrom the version whose committed state (as of {@code from}) the run started from
 * @param state running, stopped or failed
 * @param events events of the cohort the shadow has processed
 * @param compared events compared with the owner's processing
 * @param pending processed events whose owner's outcome has not been read yet
 * @param unmatched events without an owner's outcome within the settle timeout (not compared)
 * @param same outputs equal to the owner's (topic, key, value bytes)
 * @param changed outputs with the topic and key of an owner's output and another value
 * @param added outputs the owner did not produce ({@code new})
 * @param missing outputs of the owner the shadow did not produce
 * @param shadowErrors compared events the shadow's processor failed on
 * @param ownerErrors compared events the owner failed on (its outcome is {@code ERROR})
 * @param owners compared events per owning version
 * @param sample the first differences, at most {@link dev.rewind.engine.replay.OutputComparison#SAMPLE_SIZE}
 * @param message why the run failed, if it did
 * @param at when this snapshot was taken
 */
public record ShadowSnapshot(String component, String version, String cohort, Instant from, Instant startedAt,
        String stateFrom, ShadowState state, long events, long compared, long pending, long unmatched, long same,
        long changed, long added, long missing, long shadowErrors, long ownerErrors, Map<String, Long> owners,
        List<Difference> sample, String message, Instant at) {

    /** Validates and copies. */
    public ShadowSnapshot {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(cohort, "cohort");
        Objects.requireNonNull(state, "state");
        owners = Map.copyOf(owners);
        sample = List.copyOf(sample);
    }

    /** The same counts in another state (the final snapshot). */
    public ShadowSnapshot withState(ShadowState value, String why, Instant time) {
        return new ShadowSnapshot(component, version, cohort, from, startedAt, stateFrom, value, events, compared,
                pending, unmatched, same, changed, added, missing, shadowErrors, ownerErrors, owners, sample, why,
                time);
    }

    /**
     * One output that differs.
     *
     * @param eventId the event
     * @param kind {@code changed}, {@code new} or {@code missing}
     * @param topic output topic
     * @param key output key, may be null
     * @param expected the owner's output (JSON when Avro), null for {@code new}
     * @param actual the shadow's output, null for {@code missing}
     */
    public record Difference(String eventId, String kind, String topic, String key, String expected,
            String actual) {
        /** Validates. */
        public Difference {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(topic, "topic");
        }
    }
}
