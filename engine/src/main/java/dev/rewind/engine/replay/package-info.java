/**
 * Replays: reprocessing one cohort's events of a window {@code [from, to)} by one component version
 * while everything else keeps flowing (DESIGN.md, invariants 3 to 6).
 *
 * <p>The replay service writes {@link dev.rewind.schemas.avro.ReplayCommand}s to
 * {@code rewind.control}; every engine instance follows that topic with a {@link ControlLog}. For
 * each source partition it owns, the target version records a {@link ReplayPlan} (from where to
 * where it reprocesses), rewinds, reprocesses only the cohort's owned events of the window and
 * reports {@link ReplayStatus} records in the same transaction as the offsets they describe, so
 * that a partition moving to another instance mid-replay continues there. The value types here
 * ({@link ReplayWindow}, {@link ReplayRequest}, {@link ReplayPlan}, {@link ReplayStatus},
 * {@link RateLimiter}) are shared by the runtime and tools. {@link Replays} is how the runtime plugs
 * the feature into its loop; the coordinator, the per-partition handler and state machine, the
 * resumer of a moved partition's replay and the dry runner live in {@code internal}.
 */
package dev.rewind.engine.replay;
