/**
 * Shadow runs: a build of a component that is not deployed (a processor class on the developer's
 * machine) runs on the live events of one cohort, from now or from a time, and its outputs are
 * compared live with what the version that owns each event produced for it (same / changed / new /
 * missing).
 *
 * <p>Safety, by construction: the run reads with one group-less consumer ({@code assign()}, never
 * {@code subscribe()}: it joins no consumer group and commits no offset), {@code read_committed}; it
 * has no producer, so it writes no output, outcome, dead letter, changelog or route; its entity state is
 * a {@link dev.rewind.engine.state.StateSandbox} (the dry run's): the owning version's committed state as
 * of the start, restored into a temporary directory that is deleted on stop, with the run's own writes
 * in memory. {@link ShadowRun} is the entry point; the join of the three streams (the run's results,
 * the owners' outcomes, the owners' outputs) lives in {@code internal}.
 */
package dev.rewind.engine.shadow;
