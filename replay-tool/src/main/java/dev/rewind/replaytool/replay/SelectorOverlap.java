package dev.rewind.replaytool.replay;

import dev.rewind.protocol.CohortSelector;

/**
 * Whether two cohort selectors can match the same event. Two replays of one version over
 * overlapping selectors would rewind the same entities concurrently, so the service refuses the
 * second.
 */
public final class SelectorOverlap {

    private SelectorOverlap() {
    }

    /**
     * {@code default} overlaps everything; selectors of different dimensions overlap (an event
     * can have both a customer and a plan); selectors of the same dimension overlap only if equal.
     */
    public static boolean overlaps(CohortSelector a, CohortSelector b) {
        if (a.kind() == CohortSelector.Kind.DEFAULT || b.kind() == CohortSelector.Kind.DEFAULT) {
            return true;
        }
        return a.kind() != b.kind() || a.id().equals(b.id());
    }
}
