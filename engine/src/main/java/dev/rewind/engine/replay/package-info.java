/**
 * Replays: reprocessing one cohort's events of a window {@code [from, to)} by one component version
 * while everything else keeps flowing (DESIGN.md, invariants 3 to 6).
 *
 * <p>The protocol on {@code rewind.control} lives in module {@code protocol}
 * ({@code dev.rewind.protocol.control}, protocol/REPLAY-PROTOCOL.md): the service writes
 * {@code StartReplay} and {@code CancelReplay} commands; every engine instance follows the topic with
 * a {@code ControlLog}. For each source partition it owns, the target version records a
 * {@code ReplayPlan} (from where to where it reprocesses), rewinds, reprocesses only the cohort's
 * owned events of the window and reports {@code ReplayProgress} records in the same transaction as
 * the offsets they describe, so that a partition moving to another instance mid-replay continues
 * there. This package holds the engine's side: the {@link RateLimiter}, and {@link Replays}, how the
 * runtime plugs the feature into its loop; the coordinator, the per-partition handler and state
 * machine, the resumer of a moved partition's replay and the dry runner live in {@code internal}.
 */
package dev.rewind.engine.replay;
