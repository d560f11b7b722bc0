package dev.rewind.engine.shadow.internal;

import dev.rewind.protocol.CohortSelector;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a shadow run runs on.
 *
 * @param cohort the cohort's selector
 * @param from the first event time, or null for now
 * @param stateFrom the version whose committed state the run starts from, or null for the cohort's owner at
 *     the start time
 * @param settleTimeout how long to wait for the owner's outcome of an event
 * @param reportInterval how often the listener gets a snapshot
 * @param sandboxParent where the state sandbox's temporary directory goes
 * @param startedAt when the run was started
 * @param clock the clock
 */
public record ShadowSettings(CohortSelector cohort, Instant from, String stateFrom, Duration settleTimeout,
        Duration reportInterval, Path sandboxParent, Instant startedAt, Clock clock) {

    /** Validates. */
    public ShadowSettings {
        Objects.requireNonNull(cohort, "cohort");
        Objects.requireNonNull(settleTimeout, "settleTimeout");
        Objects.requireNonNull(reportInterval, "reportInterval");
        Objects.requireNonNull(sandboxParent, "sandboxParent");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(clock, "clock");
        if (settleTimeout.isNegative() || settleTimeout.isZero()) {
            throw new IllegalArgumentException("settleTimeout must be positive, was " + settleTimeout);
        }
        if (reportInterval.isNegative() || reportInterval.isZero()) {
            throw new IllegalArgumentException("reportInterval must be positive, was " + reportInterval);
        }
    }
}
