package dev.rewind.engine.runtime.spi;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.schemas.serde.CohortMatcher;
import dev.rewind.schemas.serde.CohortValues;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The selector ids that decide a question about an event's cohort (does a replay select it, which
 * route owns it), when nothing else about the cohort can: an event's cohort then counts only by
 * which of these ids its dimensions equal. {@link EventDecoder#peekCohort} reads that much without
 * building a string and answers a canonical cohort: each dimension the matching id, or absent when
 * it equals none. Every selector of these ids decides the canonical cohort as it decides the event's.
 *
 * <p>Immutable and thread-safe; the canonical cohorts are built once each, on first use.
 */
public final class CohortKeys {

    /** The most ids per dimension: beyond, events are projected (a comparison per id would cost more). */
    public static final int MAX_PER_DIMENSION = 16;

    private final CohortValues values;
    private final int plans;
    private final int projects;
    private final Cohort[] canonical;

    private CohortKeys(CohortValues values) {
        this.values = values;
        this.plans = values.values(CohortMatcher.PLAN).size() + 1;
        this.projects = values.values(CohortMatcher.PROJECT).size() + 1;
        this.canonical = new Cohort[(values.values(CohortMatcher.CUSTOMER).size() + 1) * plans * projects];
    }

    /**
     * The keys of {@code selectors} ({@code default} adds none), or empty when a dimension would have
     * more than {@value #MAX_PER_DIMENSION} ids.
     */
    public static Optional<CohortKeys> of(Collection<CohortSelector> selectors) {
        List<Set<String>> ids = List.of(new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>());
        for (CohortSelector selector : selectors) {
            switch (selector.kind()) {
                case CUSTOMER -> ids.get(CohortMatcher.CUSTOMER).add(selector.id());
                case PLAN -> ids.get(CohortMatcher.PLAN).add(selector.id());
                case PROJECT -> ids.get(CohortMatcher.PROJECT).add(selector.id());
                default -> {
                    // default matches every cohort: no id to compare
                }
            }
        }
        if (ids.stream().anyMatch(set -> set.size() > MAX_PER_DIMENSION)) {
            return Optional.empty();
        }
        return Optional.of(new CohortKeys(CohortValues.of(new ArrayList<>(ids.get(0)), new ArrayList<>(ids.get(1)),
                new ArrayList<>(ids.get(2)))));
    }

    CohortValues values() {
        return values;
    }

    /**
     * The canonical cohort of a {@link CohortMatcher} answer whose dimensions are each absent, other
     * or a match (never unsure).
     */
    Cohort canonical(long match) {
        int customer = slot(match, CohortMatcher.CUSTOMER);
        int plan = slot(match, CohortMatcher.PLAN);
        int project = slot(match, CohortMatcher.PROJECT);
        int index = (customer * plans + plan) * projects + project;
        Cohort cohort = canonical[index];
        if (cohort == null) {
            cohort = Cohort.of(id(CohortMatcher.CUSTOMER, customer), id(CohortMatcher.PLAN, plan),
                    id(CohortMatcher.PROJECT, project));
            canonical[index] = cohort; // a benign race: every thread builds an equal cohort
        }
        return cohort;
    }

    /**
     * Whether {@code cohort} is one of the canonical cohorts {@link EventDecoder#peekCohort} answers
     * under these keys (the same object): a decision may then be kept per canonical cohort, a bounded set.
     */
    public boolean isCanonical(Cohort cohort) {
        int customer = slot(CohortMatcher.CUSTOMER, cohort.customer().orElse(null));
        int plan = slot(CohortMatcher.PLAN, cohort.plan().orElse(null));
        int project = slot(CohortMatcher.PROJECT, cohort.project().orElse(null));
        return customer >= 0 && plan >= 0 && project >= 0
                && canonical[(customer * plans + plan) * projects + project] == cohort;
    }

    /** 0 for an absent dimension, 1 + the key's index, or -1 for a value that is no key. */
    private int slot(int dimension, String value) {
        if (value == null) {
            return 0;
        }
        int index = values.values(dimension).indexOf(value);
        return index < 0 ? -1 : index + 1;
    }

    private static int slot(long match, int dimension) {
        int code = CohortMatcher.dimension(match, dimension);
        return code >= CohortMatcher.MATCH ? code - CohortMatcher.MATCH + 1 : 0;
    }

    private String id(int dimension, int slot) {
        return slot == 0 ? null : values.values(dimension).get(slot - 1);
    }

    @Override
    public String toString() {
        return "CohortKeys[" + values + "]";
    }
}
