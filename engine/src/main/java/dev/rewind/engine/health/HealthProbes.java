package dev.rewind.engine.health;

/**
 * Readiness and liveness of one component version instance, with the meaning Kubernetes gives its probes
 * (<a href="https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/">Liveness,
 * Readiness, and Startup Probes</a>):
 *
 * <ul>
 *   <li><b>readiness</b>: the instance does its work now: it runs, has joined its group, has restored the state of
 *       every partition assigned to it and has read the route history to its end recently, so the events it
 *       holds are decided without waiting. A rollout waits for it; a disruption budget counts it.</li>
 *   <li><b>liveness</b>: restarting the process would not help only while its consumer loop thread is alive and
 *       keeps polling (or restores state, however long that takes). A loop that has not polled for the
 *       consumer's {@code max.poll.interval.ms} has already been removed from the group (KIP-62): restart it.
 *       Liveness never depends on the broker or the registry being reachable, which a restart cannot fix.</li>
 * </ul>
 *
 * <p>Thread-safe; answers are computed on each call and never block.
 */
public interface HealthProbes {

    /** Whether the instance is ready; see the type's description. */
    ProbeResult readiness();

    /** Whether the instance is alive; see the type's description. */
    ProbeResult liveness();
}
