package dev.rewind.replaytool.rollout;

import dev.rewind.protocol.CohortSelector;
import dev.rewind.replaytool.history.CohortDimension;
import dev.rewind.replaytool.history.HistoryIndex;
import dev.rewind.replaytool.history.OutcomeSummary;
import dev.rewind.replaytool.history.VersionStats;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A guard's samples from the history index's outcome statistics ({@link HistoryIndex#versionStats(String,
 * Instant, Instant, CohortDimension)}): per version, and per version and value of the selector's dimension.
 * Their resolution is one minute: a guard window of seconds counts the whole minutes it overlaps.
 */
public final class HistoryRolloutStats implements RolloutStats {

    private final HistoryIndex index;

    /** Samples from {@code index}. */
    public HistoryRolloutStats(HistoryIndex index) {
        this.index = index;
    }

    @Override
    public Samples samples(RolloutSpec spec, Instant from, Instant to) {
        CohortSelector selector = spec.selector();
        CohortDimension dimension = switch (selector.kind()) {
            case DEFAULT -> null;
            case CUSTOMER -> CohortDimension.CUSTOMER;
            case PLAN -> CohortDimension.PLAN;
            case PROJECT -> CohortDimension.PROJECT;
        };
        List<VersionStats> stats = index.versionStats(spec.component(), from, to, dimension);
        Optional<VersionStats> version = find(stats, spec.version());
        Optional<VersionStats> baseline = find(stats, spec.baseline());
        return new Samples(slice(version, selector), slice(baseline, selector),
                baseline.map(s -> sample(s.total())).orElse(Sample.NONE));
    }

    private static Optional<VersionStats> find(List<VersionStats> stats, String version) {
        return stats.stream().filter(s -> s.version().equals(version)).findFirst();
    }

    private static Sample slice(Optional<VersionStats> stats, CohortSelector selector) {
        if (stats.isEmpty()) {
            return Sample.NONE;
        }
        if (selector.kind() == CohortSelector.Kind.DEFAULT) {
            return sample(stats.get().total());
        }
        OutcomeSummary summary = stats.get().byCohort().get(selector.toString());
        return summary == null ? Sample.NONE : sample(summary);
    }

    private static Sample sample(OutcomeSummary summary) {
        return new Sample(summary.outcomes(), summary.errors());
    }
}
