/**
 * The demo release coordinator: a component that decides which build of a project to release
 * from {@code CommitPushed}, {@code BuildFinished}, {@code TestsReported} and
 * {@code DeployFinished} events, and a generator of such events for a handful of customers.
 *
 * <p>Versions {@code v1} and {@code v2} are the same code; the version name chooses the
 * behaviour ({@link dev.rewind.examples.release.TestPolicy#forVersion}). {@code v1} has a bug that
 * only the {@code enterprise} plan's tooling triggers (it divides by the number of failed tests
 * whenever a report carries a flaky count); {@code v2} fixes it. That is the story of the
 * quickstart: errors for one cohort only, routed to the fixed version and replayed.
 */
package dev.rewind.examples.release;
