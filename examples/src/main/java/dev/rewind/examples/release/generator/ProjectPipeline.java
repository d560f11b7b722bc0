package dev.rewind.examples.release.generator;

import dev.rewind.examples.release.ReleaseEvents;
import dev.rewind.schemas.avro.Cohort;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * The CI pipeline of one project, producing its events in a realistic order: a push, the build
 * of that commit, its test report, a staging deploy and, for green builds of {@code main}, a
 * production deploy. Then the next push. Mostly green, with the odd failure at every step.
 *
 * <p>Ids are random (from the given {@link Random}), so a restarted generator never repeats an
 * event id. Not thread-safe.
 */
final class ProjectPipeline {

    private enum Stage { IDLE, PUSHED, BUILT, TESTED, STAGED }

    private static final List<String> AUTHORS = List.of("ada", "grace", "linus", "margaret", "ken");

    private final DemoCustomer customer;
    private final Cohort cohort;
    private final String project;
    private Stage stage = Stage.IDLE;
    private String branch;
    private String commitSha;
    private String buildId;
    private boolean green;

    ProjectPipeline(DemoCustomer customer, String project) {
        this.customer = customer;
        this.project = project;
        this.cohort = ReleaseEvents.cohort(customer.id(), customer.plan(), project);
    }

    String project() {
        return project;
    }

    /** The project's next event. */
    SpecificRecord next(Random random) {
        String eventId = new UUID(random.nextLong(), random.nextLong()).toString();
        return switch (stage) {
            case IDLE -> push(eventId, random);
            case PUSHED -> build(eventId, random);
            case BUILT -> test(eventId, random);
            case TESTED -> stage(eventId, random);
            case STAGED -> production(eventId, random);
        };
    }

    private SpecificRecord push(String eventId, Random random) {
        branch = random.nextInt(10) < 7 ? "main" : "feature/" + AUTHORS.get(random.nextInt(AUTHORS.size()));
        commitSha = hex(random, 20);
        stage = Stage.PUSHED;
        return ReleaseEvents.commitPushed(eventId, cohort, branch, commitSha,
                AUTHORS.get(random.nextInt(AUTHORS.size())));
    }

    private SpecificRecord build(String eventId, Random random) {
        buildId = project + "-" + hex(random, 4);
        boolean succeeded = random.nextInt(100) < 92;
        stage = succeeded ? Stage.BUILT : Stage.IDLE;
        return ReleaseEvents.buildFinished(eventId, cohort, buildId, commitSha, succeeded,
                30_000 + random.nextInt(240_000));
    }

    private SpecificRecord test(String eventId, Random random) {
        int failed = random.nextInt(100) < 88 ? 0 : 1 + random.nextInt(3);
        // enterprise tooling quarantines flaky tests and reports how many; the other plans do not
        Integer flaky = customer.reportsFlakyTests() ? random.nextInt(4) : null;
        green = failed == 0 || (flaky != null && failed <= flaky);
        stage = "main".equals(branch) ? Stage.TESTED : Stage.IDLE;
        return ReleaseEvents.testsReported(eventId, cohort, buildId, 200 + random.nextInt(800),
                failed, random.nextInt(10), flaky);
    }

    private SpecificRecord stage(String eventId, Random random) {
        boolean succeeded = random.nextInt(100) < 95;
        stage = succeeded && green ? Stage.STAGED : Stage.IDLE;
        return ReleaseEvents.deployFinished(eventId, cohort, buildId, "staging", succeeded);
    }

    private SpecificRecord production(String eventId, Random random) {
        stage = Stage.IDLE;
        return ReleaseEvents.deployFinished(eventId, cohort, buildId, "production",
                random.nextInt(100) < 96);
    }

    private static String hex(Random random, int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }
}
