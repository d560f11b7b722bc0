package dev.rewind.replaytool.rollout;

import java.util.Objects;

/**
 * What the guard decides about a watched step at one moment: {@link Hold} (keep watching),
 * {@link Pass} (the window went by clean: advance) or {@link Trip} (roll back).
 */
public sealed interface GuardVerdict permits GuardVerdict.Hold, GuardVerdict.Pass, GuardVerdict.Trip {

    /** Which of the baseline's outcomes the new version was compared with. */
    enum BaselineScope {
        /** The baseline's outcomes for the same cohort selector. */
        COHORT,
        /** All of the baseline's outcomes: too few for the cohort alone. */
        VERSION,
        /** Too few outcomes of the baseline at all: compared with an error rate of 0. */
        NONE;

        /** Lower-case name for the API. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The new version's outcomes for the moved cohort in the window. */
    Sample version();

    /** The baseline's outcomes compared with ({@link Sample#NONE} for scope NONE). */
    Sample baseline();

    /** Which baseline outcomes. */
    BaselineScope scope();

    /** Why, in a sentence. */
    String detail();

    /** {@code hold}, {@code pass} or {@code trip}. */
    default String label() {
        return this instanceof Hold ? "hold" : this instanceof Pass ? "pass" : "trip";
    }

    /**
     * Keep watching.
     *
     * @param starved the window has gone by with fewer outcomes than the policy's minimum
     */
    record Hold(Sample version, Sample baseline, BaselineScope scope, String detail, boolean starved)
            implements GuardVerdict {
        /** Validates. */
        public Hold {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** The window went by within the margin. */
    record Pass(Sample version, Sample baseline, BaselineScope scope, String detail) implements GuardVerdict {
        /** Validates. */
        public Pass {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** The new version's error rate exceeds the baseline's by more than the margin. */
    record Trip(Sample version, Sample baseline, BaselineScope scope, String detail) implements GuardVerdict {
        /** Validates. */
        public Trip {
            Objects.requireNonNull(detail, "detail");
        }
    }
}
