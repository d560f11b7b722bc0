package dev.rewind.examples.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.examples.release.ReleaseRules.Step;
import dev.rewind.examples.release.ReleaseRules.Verdict;
import org.junit.jupiter.api.Test;

class ReleaseRulesTest {

    private final ReleaseRules rules = new ReleaseRules(TestPolicy.FLAKY_TOLERANT);

    private ProjectLedger builtAndTested(String branch, boolean buildOk, int failed) {
        ProjectLedger ledger = rules.commitPushed(ProjectLedger.empty(), "abc", branch).ledger();
        ledger = rules.buildFinished(ledger, "b1", "abc", buildOk).ledger();
        return rules.testsReported(ledger, "b1", failed, null).ledger();
    }

    @Test
    void aGreenMainBuildIsReleasedAfterItsStagingDeploy() {
        Step step = rules.deployFinished(builtAndTested("main", true, 0), "b1", "staging", true);

        assertThat(step.verdict()).hasValueSatisfying(verdict -> {
            assertThat(verdict.action()).isEqualTo(ReleaseAction.RELEASE);
            assertThat(verdict.buildId()).isEqualTo("b1");
            assertThat(verdict.commitSha()).isEqualTo("abc");
        });
    }

    @Test
    void redTestsHoldTheBuildAndItStaysHeldAfterStaging() {
        ProjectLedger ledger = rules.commitPushed(ProjectLedger.empty(), "abc", "main").ledger();
        ledger = rules.buildFinished(ledger, "b1", "abc", true).ledger();
        Step tests = rules.testsReported(ledger, "b1", 2, null);

        assertThat(tests.verdict()).map(Verdict::action).hasValue(ReleaseAction.HOLD);
        assertThat(rules.deployFinished(tests.ledger(), "b1", "staging", true).verdict())
                .map(Verdict::action).hasValue(ReleaseAction.HOLD);
    }

    @Test
    void aFailedMainBuildIsHeldAtOnce() {
        ProjectLedger ledger = rules.commitPushed(ProjectLedger.empty(), "abc", "main").ledger();

        assertThat(rules.buildFinished(ledger, "b1", "abc", false).verdict())
                .map(Verdict::action).hasValue(ReleaseAction.HOLD);
    }

    @Test
    void featureBranchBuildsAreNeverReleased() {
        Step step = rules.deployFinished(builtAndTested("feature/login", true, 0), "b1", "staging", true);

        assertThat(step.verdict()).isEmpty();
        assertThat(step.ledger().build("b1")).hasValueSatisfying(b -> assertThat(b.stagingOk()).isTrue());
    }

    @Test
    void aFailedProductionDeployRollsBackToTheReleasedBuild() {
        ProjectLedger ledger = builtAndTested("main", true, 0);
        ledger = rules.deployFinished(ledger, "b1", "production", true).ledger();
        ledger = rules.commitPushed(ledger, "def", "main").ledger();
        ledger = rules.buildFinished(ledger, "b2", "def", true).ledger();

        Step step = rules.deployFinished(ledger, "b2", "production", false);

        assertThat(step.verdict()).hasValue(new Verdict("b1", "abc", ReleaseAction.ROLLBACK,
                "production deploy of b2 failed; back to b1"));
        assertThat(step.ledger().releasedBuildId()).isEqualTo("b1");
    }

    @Test
    void theLedgerForgetsTheOldestBuildsAndCommits() {
        ProjectLedger ledger = ProjectLedger.empty();
        for (int i = 0; i < 60; i++) {
            ledger = rules.commitPushed(ledger, "c" + i, "main").ledger();
            ledger = rules.buildFinished(ledger, "b" + i, "c" + i, true).ledger();
        }

        assertThat(ledger.builds()).hasSize(ProjectLedger.MAX_BUILDS);
        assertThat(ledger.builds().get(0).buildId()).isEqualTo("b40");
        assertThat(ledger.branchByCommit()).hasSize(ProjectLedger.MAX_COMMITS).doesNotContainKey("c9");
    }

    @Test
    void theLedgerSurvivesItsJsonEncoding() {
        ProjectLedger ledger = rules.deployFinished(builtAndTested("main", true, 0), "b1", "production", true)
                .ledger();

        assertThat(ProjectLedger.decode(ledger.encode())).isEqualTo(ledger);
    }
}
