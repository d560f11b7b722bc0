/**
 * Shadow runs as the REST API shows them: a build that is not deployed, run by {@code rewind shadow start} on
 * a developer's machine on one cohort's live events, reports its comparison with the owning versions here
 * ({@code PUT /api/v1/shadows/{id}}); the service keeps it in memory while it runs and writes one audit
 * entry when it ends.
 */
package dev.rewind.api.shadows;
