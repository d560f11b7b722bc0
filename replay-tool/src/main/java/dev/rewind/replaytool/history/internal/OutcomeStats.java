package dev.rewind.replaytool.history.internal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Counts and processing-time histogram of the outcomes of one key (a version, or a version and one
 * cohort value) in one window. Mutable accumulator: used by the aggregation and when summing windows.
 */
public final class OutcomeStats {

    private long count;
    private long errors;
    private final DurationHistogram durations;

    public OutcomeStats() {
        this(0, 0, new DurationHistogram());
    }

    @JsonCreator
    OutcomeStats(@JsonProperty("count") long count, @JsonProperty("errors") long errors,
                 @JsonProperty("durations") DurationHistogram durations) {
        this.count = count;
        this.errors = errors;
        this.durations = durations == null ? new DurationHistogram() : durations;
    }

    /** Adds one outcome; returns this for use as a Streams aggregator. */
    public OutcomeStats add(OutcomeSample sample) {
        count++;
        if (sample.error()) {
            errors++;
        }
        durations.record(sample.durationMicros());
        return this;
    }

    /** Adds another window's counts to this one. */
    public OutcomeStats merge(OutcomeStats other) {
        count += other.count;
        errors += other.errors;
        durations.merge(other.durations);
        return this;
    }

    @JsonProperty("count")
    public long count() {
        return count;
    }

    @JsonProperty("errors")
    public long errors() {
        return errors;
    }

    @JsonProperty("durations")
    public DurationHistogram durations() {
        return durations;
    }

    /** Errors divided by count; 0 when there was nothing. */
    public double errorRate() {
        return count == 0 ? 0.0 : (double) errors / count;
    }
}
