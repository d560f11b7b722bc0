package dev.rewind.engine.health;

import java.util.List;

/**
 * The answer of one probe: up, or down with the reasons (each a sentence naming what is not yet done or what
 * stopped, for the operator reading {@code kubectl describe pod}).
 *
 * @param up whether the probe passes
 * @param reasons why it does not; empty if and only if {@code up}
 */
public record ProbeResult(boolean up, List<String> reasons) {

    /** The passing answer. */
    public static final ProbeResult UP = new ProbeResult(true, List.of());

    /** Validates and copies. */
    public ProbeResult {
        reasons = List.copyOf(reasons);
        if (up != reasons.isEmpty()) {
            throw new IllegalArgumentException("A probe is up if and only if it has no reasons; got up=" + up
                    + " with reasons " + reasons);
        }
    }

    /** Up when {@code reasons} is empty, down with them otherwise. */
    public static ProbeResult of(List<String> reasons) {
        return reasons.isEmpty() ? UP : new ProbeResult(false, reasons);
    }
}
