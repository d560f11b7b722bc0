/**
 * Health of a component version instance as Kubernetes probes ask it: {@link dev.rewind.engine.health.HealthProbes}
 * answers readiness and liveness with a {@link dev.rewind.engine.health.ProbeResult}; the instance's HTTP endpoint
 * serves them at {@code /readyz} and {@code /livez} beside {@code /metrics}.
 */
package dev.rewind.engine.health;
