package dev.rewind.examples.release;

import dev.rewind.demo.release.BuildFinished;
import dev.rewind.demo.release.BuildStatus;
import dev.rewind.demo.release.CommitPushed;
import dev.rewind.demo.release.DeployFinished;
import dev.rewind.demo.release.TestsReported;
import dev.rewind.schemas.avro.Cohort;

/**
 * Factories of the demo events, so the generator and tests build them one way.
 */
public final class ReleaseEvents {

    private ReleaseEvents() {
    }

    /** The Avro cohort of a customer's project. */
    public static Cohort cohort(String customer, String plan, String project) {
        return Cohort.newBuilder().setCustomer(customer).setPlan(plan).setProject(project).build();
    }

    public static CommitPushed commitPushed(String eventId, Cohort cohort, String branch,
                                            String commitSha, String author) {
        return CommitPushed.newBuilder().setEventId(eventId).setCohort(cohort)
                .setRepository(cohort.getProject()).setBranch(branch).setCommitSha(commitSha)
                .setAuthor(author).build();
    }

    public static BuildFinished buildFinished(String eventId, Cohort cohort, String buildId,
                                              String commitSha, boolean succeeded, long durationMillis) {
        return BuildFinished.newBuilder().setEventId(eventId).setCohort(cohort).setBuildId(buildId)
                .setCommitSha(commitSha)
                .setStatus(succeeded ? BuildStatus.SUCCEEDED : BuildStatus.FAILED)
                .setDurationMillis(durationMillis).build();
    }

    /** A test report; {@code flaky} is null unless the plan's tooling reports flaky tests. */
    public static TestsReported testsReported(String eventId, Cohort cohort, String buildId,
                                              int passed, int failed, int skipped, Integer flaky) {
        return TestsReported.newBuilder().setEventId(eventId).setCohort(cohort).setBuildId(buildId)
                .setPassed(passed).setFailed(failed).setSkipped(skipped).setFlaky(flaky).build();
    }

    public static DeployFinished deployFinished(String eventId, Cohort cohort, String buildId,
                                                String environment, boolean succeeded) {
        return DeployFinished.newBuilder().setEventId(eventId).setCohort(cohort).setBuildId(buildId)
                .setEnvironment(environment).setSucceeded(succeeded).build();
    }
}
