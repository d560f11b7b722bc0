package dev.rewind.replaytool.history.internal;

/**
 * What the windowed statistics need of one outcome.
 *
 * @param error          true when the processing failed
 * @param durationMicros processing time
 */
public record OutcomeSample(boolean error, long durationMicros) {
}
