package dev.rewind.api.shadows;

import dev.rewind.api.replays.DryRunReport;
import java.util.List;
import java.util.Map;

/**
 * How a shadow run's outputs compare, event by event, with what the owning version committed for the same
 * events (its first live processing, matched by event id; outputs by topic, key and value bytes).
 *
 * @param events events of the cohort the shadow processed
 * @param compared events compared with the owner's processing
 * @param pending processed events still waiting for the owner's outcome
 * @param unmatched events given up on: no outcome of an owner within the settle timeout
 * @param same outputs equal to the owner's
 * @param changed outputs with the topic and key of an owner's output and another value
 * @param added outputs the owner did not produce ({@code new})
 * @param missing outputs of the owner the shadow did not produce
 * @param shadowErrors compared events the shadow's processor failed on
 * @param ownerErrors compared events the owner failed on
 * @param owners compared events per owning version
 * @param sample the first differences (at most 20)
 */
public record ShadowComparison(long events, long compared, long pending, long unmatched, long same, long changed,
        long added, long missing, long shadowErrors, long ownerErrors, Map<String, Long> owners,
        List<DryRunReport.Difference> sample) {

    /** The most differences a sample holds. */
    public static final int MAX_SAMPLE = 20;

    /** Validates and copies. */
    public ShadowComparison {
        owners = owners == null ? Map.of() : Map.copyOf(owners);
        sample = sample == null ? List.of() : List.copyOf(sample);
        if (events < 0 || compared < 0 || pending < 0 || unmatched < 0 || same < 0 || changed < 0 || added < 0
                || missing < 0 || shadowErrors < 0 || ownerErrors < 0) {
            throw new IllegalArgumentException("Shadow run counts cannot be negative");
        }
        if (sample.size() > MAX_SAMPLE) {
            throw new IllegalArgumentException("A shadow run sample holds at most " + MAX_SAMPLE
                    + " differences, was " + sample.size());
        }
    }

    /** Nothing compared yet. */
    public static ShadowComparison empty() {
        return new ShadowComparison(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), List.of());
    }
}
