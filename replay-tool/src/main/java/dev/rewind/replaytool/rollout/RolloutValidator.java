package dev.rewind.replaytool.rollout;

import dev.rewind.api.rollouts.RolloutRequest;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.protocol.Ramp;
import dev.rewind.replaytool.Rejection;
import dev.rewind.replaytool.replay.SelectorOverlap;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The checks of a rollout request that need no cluster, each failure naming the field, the value and the
 * fix: names, selector, steps, ramp dimension, margin, window, minimum sample, reason; and the overlap
 * with unfinished rollouts.
 */
final class RolloutValidator {

    static final BigDecimal DEFAULT_MARGIN_PERCENT = BigDecimal.valueOf(5);
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    static final long DEFAULT_MIN_SAMPLES = 20;

    private RolloutValidator() {
    }

    static String component(RolloutRequest request) {
        if (request.component() == null || request.version() == null || request.cohort() == null) {
            throw Rejection.malformed("Give 'component', 'cohort' and 'version', e.g. {\"component\":"
                    + " \"release-coordinator\", \"cohort\": \"plan:enterprise\", \"version\": \"v2\", ...}.");
        }
        return version(request.component(), request.version(), "version").component();
    }

    static ComponentVersion version(String component, String version, String field) {
        try {
            return new ComponentVersion(component, version);
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, "'" + field + "' '" + version + "': "
                    + e.getMessage());
        }
    }

    static CohortSelector cohort(RolloutRequest request) {
        try {
            return CohortSelector.parse(request.cohort());
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, "'cohort' '" + request.cohort() + "': "
                    + e.getMessage());
        }
    }

    static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, "Give a 'reason': it is recorded with the"
                    + " rollout's decisions and in the audit log so others know why.");
        }
        return reason.strip();
    }

    /** The steps in basis points: default one step of 100%. */
    static List<Integer> steps(List<BigDecimal> steps) {
        if (steps == null || steps.isEmpty()) {
            return List.of(10_000);
        }
        if (steps.size() > RolloutSpec.MAX_STEPS) {
            throw invalid("'steps' has " + steps.size() + " steps; at most " + RolloutSpec.MAX_STEPS
                    + " are allowed, e.g. [10, 50, 100].");
        }
        List<Integer> basisPoints = new ArrayList<>();
        BigDecimal previous = BigDecimal.ZERO;
        for (BigDecimal step : steps) {
            if (step == null || step.signum() <= 0 || step.compareTo(BigDecimal.valueOf(100)) > 0
                    || step.stripTrailingZeros().scale() > 2) {
                throw invalid("'steps' " + steps + ": each step is a percentage above 0 and at most 100 with at"
                        + " most two decimals, was " + step + "; e.g. [10, 50, 100].");
            }
            if (step.compareTo(previous) <= 0) {
                throw invalid("'steps' " + steps + " must increase strictly (" + step + " follows " + previous
                        + "); e.g. [10, 50, 100].");
            }
            previous = step;
            basisPoints.add(step.movePointRight(2).intValueExact());
        }
        if (previous.compareTo(BigDecimal.valueOf(100)) != 0) {
            throw invalid("'steps' " + steps + " must end at 100: a rollout completes when the whole cohort runs"
                    + " on the new version; add 100 as the last step.");
        }
        return basisPoints;
    }

    static Ramp.Dimension rampDimension(String text) {
        if (text == null) {
            return Ramp.Dimension.CUSTOMER;
        }
        try {
            return Ramp.Dimension.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid("'rampDimension' '" + text + "': " + e.getMessage() + ".");
        }
    }

    static GuardPolicy guard(RolloutRequest request) {
        BigDecimal margin = request.marginPercent() == null ? DEFAULT_MARGIN_PERCENT : request.marginPercent();
        if (margin.signum() < 0 || margin.compareTo(BigDecimal.valueOf(100)) >= 0 || margin.stripTrailingZeros().scale() > 2) {
            throw invalid("'marginPercent' " + margin.toPlainString() + " must be from 0 to below 100 percentage"
                    + " points with at most two decimals: how far the new version's error rate may exceed the"
                    + " baseline's, e.g. 5.");
        }
        Duration window = window(request.window());
        long minSamples = request.minSamples() == null ? DEFAULT_MIN_SAMPLES : request.minSamples();
        if (minSamples < 1 || minSamples > GuardPolicy.MAX_SAMPLES) {
            throw invalid("'minSamples' " + minSamples + " must be 1 to " + GuardPolicy.MAX_SAMPLES
                    + ": the outcomes of the new version the guard needs before it trips or passes, e.g. 20.");
        }
        return new GuardPolicy(margin.movePointRight(2).intValueExact(), window, minSamples);
    }

    private static Duration window(String text) {
        if (text == null) {
            return DEFAULT_WINDOW;
        }
        Duration window;
        try {
            window = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid("'window' '" + text + "' is not an ISO-8601 duration; write e.g. PT30S or PT5M.");
        }
        if (window.compareTo(GuardPolicy.MIN_WINDOW) < 0 || window.compareTo(GuardPolicy.MAX_WINDOW) > 0) {
            throw invalid("'window' " + text + " must be from PT1S to PT24H: how long each step is watched,"
                    + " e.g. PT5M.");
        }
        return window;
    }

    /** 409 when an unfinished rollout of the component moves an overlapping cohort. */
    static void requireNoOverlap(String component, CohortSelector cohort, Collection<Rollout> rollouts) {
        for (Rollout other : rollouts) {
            if (other.spec().component().equals(component) && !other.phase().terminal()
                    && SelectorOverlap.overlaps(cohort, other.spec().selector())) {
                throw Rejection.conflict(Rejection.Conflict.Reason.OVERLAPPING_ROLLOUT, "Rollout " + other.id()
                        + " of " + component + " moves cohort " + other.spec().selector() + " to "
                        + other.spec().version() + " and is " + other.phase().label() + "; it overlaps cohort "
                        + cohort + ". Wait for it to finish or abort it (POST /api/v1/rollouts/" + other.id()
                        + "/abort).", Map.of("conflictingRollout", other.id().value()));
            }
        }
    }

    private static Rejection invalid(String message) {
        return Rejection.invalid(Rejection.Invalid.Rule.VALUE, message);
    }
}
