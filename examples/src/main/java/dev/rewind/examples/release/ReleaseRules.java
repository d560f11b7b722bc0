package dev.rewind.examples.release;

import dev.rewind.examples.release.ProjectLedger.BuildEntry;
import java.util.Objects;
import java.util.Optional;

/**
 * The release coordinator's decisions as pure functions of a project's ledger and one event's
 * facts: no Kafka, no clock, so the same inputs always give the same step (which is what makes a
 * replay reproduce a version's outputs).
 *
 * <p>A build of {@code main} is released once it built, its tests are green under the version's
 * {@link TestPolicy} and its staging deploy succeeded. A red build or test run, or a failed
 * staging deploy, holds it; a failed production deploy rolls back to the released build.
 */
final class ReleaseRules {

    static final String STAGING = "staging";
    static final String PRODUCTION = "production";

    private final TestPolicy testPolicy;

    ReleaseRules(TestPolicy testPolicy) {
        this.testPolicy = Objects.requireNonNull(testPolicy, "testPolicy");
    }

    /** The ledger after an event, and the verdict it led to, if any. */
    record Step(ProjectLedger ledger, Optional<Verdict> verdict) {

        static Step quiet(ProjectLedger ledger) {
            return new Step(ledger, Optional.empty());
        }

        static Step decided(ProjectLedger ledger, Verdict verdict) {
            return new Step(ledger, Optional.of(verdict));
        }
    }

    /** What to do with which build, and why. */
    record Verdict(String buildId, String commitSha, ReleaseAction action, String reason) {
    }

    Step commitPushed(ProjectLedger ledger, String commitSha, String branch) {
        return Step.quiet(ledger.withCommit(commitSha, branch));
    }

    Step buildFinished(ProjectLedger ledger, String buildId, String commitSha, boolean succeeded) {
        String branch = ledger.branchOf(commitSha).orElse(null);
        BuildEntry build = new BuildEntry(buildId, commitSha, branch, succeeded, null, null);
        ProjectLedger next = ledger.withBuild(build);
        if (!succeeded && build.onReleaseBranch()) {
            return Step.decided(next, new Verdict(buildId, commitSha, ReleaseAction.HOLD,
                    "build " + buildId + " of " + ReleaseDemo.RELEASE_BRANCH + " failed"));
        }
        return Step.quiet(next);
    }

    Step testsReported(ProjectLedger ledger, String buildId, int failed, Integer flaky) {
        Optional<BuildEntry> known = ledger.build(buildId);
        if (known.isEmpty()) {
            return Step.quiet(ledger);
        }
        boolean green = testPolicy.green(failed, flaky);
        BuildEntry build = known.get().withTestsGreen(green);
        ProjectLedger next = ledger.withBuild(build);
        if (!green && build.onReleaseBranch()) {
            return Step.decided(next, new Verdict(buildId, build.commitSha(), ReleaseAction.HOLD,
                    failed + " tests failed" + (flaky == null ? "" : ", " + flaky + " known flaky")));
        }
        return Step.quiet(next);
    }

    Step deployFinished(ProjectLedger ledger, String buildId, String environment, boolean succeeded) {
        if (PRODUCTION.equals(environment)) {
            return productionDeploy(ledger, buildId, succeeded);
        }
        Optional<BuildEntry> known = ledger.build(buildId);
        if (!STAGING.equals(environment) || known.isEmpty()) {
            return Step.quiet(ledger);
        }
        BuildEntry build = known.get().withStagingOk(succeeded);
        ProjectLedger next = ledger.withBuild(build);
        if (!build.onReleaseBranch()) {
            return Step.quiet(next);
        }
        return Step.decided(next, stagingVerdict(build));
    }

    private static Verdict stagingVerdict(BuildEntry build) {
        String id = build.buildId();
        if (!Boolean.TRUE.equals(build.stagingOk())) {
            return new Verdict(id, build.commitSha(), ReleaseAction.HOLD, "staging deploy of " + id + " failed");
        }
        if (!build.succeeded()) {
            return new Verdict(id, build.commitSha(), ReleaseAction.HOLD, "build " + id + " failed");
        }
        if (build.testsGreen() == null) {
            return new Verdict(id, build.commitSha(), ReleaseAction.HOLD, "no test report for " + id);
        }
        if (!build.testsGreen()) {
            return new Verdict(id, build.commitSha(), ReleaseAction.HOLD, "tests of " + id + " are red");
        }
        return new Verdict(id, build.commitSha(), ReleaseAction.RELEASE,
                "build, tests and staging deploy of " + id + " are green");
    }

    private static Step productionDeploy(ProjectLedger ledger, String buildId, boolean succeeded) {
        if (succeeded) {
            return Step.quiet(ledger.withReleased(buildId));
        }
        String previous = ledger.releasedBuildId();
        if (previous == null || previous.equals(buildId)) {
            return Step.decided(ledger, new Verdict(buildId, null, ReleaseAction.HOLD,
                    "production deploy of " + buildId + " failed and no earlier release to go back to"));
        }
        String sha = ledger.build(previous).map(BuildEntry::commitSha).orElse(null);
        return Step.decided(ledger, new Verdict(previous, sha, ReleaseAction.ROLLBACK,
                "production deploy of " + buildId + " failed; back to " + previous));
    }
}
