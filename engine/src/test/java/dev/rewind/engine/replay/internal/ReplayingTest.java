package dev.rewind.engine.replay.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.rewind.engine.runtime.spi.OwnershipCheck.Decision.NOT_OWNED;
import static dev.rewind.engine.runtime.spi.OwnershipCheck.Decision.OWNED;
import static dev.rewind.engine.runtime.spi.OwnershipCheck.Decision.UNDECIDED;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.engine.replay.RateLimiter;
import dev.rewind.protocol.control.ReplayCounts;
import dev.rewind.protocol.control.ReplayPlan;
import dev.rewind.protocol.control.StartReplay;
import dev.rewind.protocol.control.ReplayProgress;
import dev.rewind.protocol.control.ReplayWindow;
import dev.rewind.protocol.CohortSelector;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ReplayingTest {

    private static final Instant FROM = Instant.parse("2026-11-26T10:00:00Z");
    private static final Instant TO = FROM.plusSeconds(600);
    private static final ReplayId ID = ReplayId.of("r-1");
    private static final ComponentVersion V2 = new ComponentVersion("rc", "v2");
    private static final TopicPartition TP = new TopicPartition("commits", 0);
    private static final Cohort ACME = Cohort.of("acme", "enterprise", "p1");
    private static final Cohort OTHER = Cohort.of("globex", "enterprise", "p2");
    private static final StartReplay REQUEST = new StartReplay(ID, V2, CohortSelector.customer("acme"),
            ReplayWindow.of(FROM, TO), false, OptionalDouble.empty(), "fix", "ann", FROM.plusSeconds(700));
    private static final ReplayPlan PLAN = new ReplayPlan(ID, V2, TP, 10, 20, TO);

    private final Replaying replaying = Replaying.start(REQUEST, PLAN, "i-1", RateLimiter.unlimited());

    @Test
    void reprocessesOnlyOwnedEventsOfTheCohortInsideTheWindow() {
        Instant inside = FROM.plusSeconds(1);

        assertThat(replaying.verdict(10, ACME, inside, () -> OWNED)).isEqualTo(Verdict.REPROCESS);
        assertThat(replaying.verdict(10, ACME, inside, () -> NOT_OWNED)).isEqualTo(Verdict.SKIP);
        assertThat(replaying.verdict(10, OTHER, inside, () -> OWNED)).isEqualTo(Verdict.SKIP);
        assertThat(replaying.verdict(10, ACME, FROM.minusMillis(1), () -> OWNED)).isEqualTo(Verdict.SKIP);
        assertThat(replaying.verdict(10, ACME, TO, () -> OWNED)).isEqualTo(Verdict.SKIP);
        assertThat(replaying.verdict(10, ACME, FROM, () -> OWNED)).isEqualTo(Verdict.REPROCESS);
    }

    @Test
    void aSelectorOfOneIdIsReadByThatIdAndTheDefaultSelectorReadsNoCohortAtAll() {
        StartReplay everyCohort = new StartReplay(ID, V2, CohortSelector.DEFAULT, ReplayWindow.of(FROM, TO), false,
                OptionalDouble.empty(), "fix", "ann", FROM.plusSeconds(700));
        Replaying all = Replaying.start(everyCohort, PLAN, "i-1", RateLimiter.unlimited());

        assertThat(replaying.selectsEveryCohort()).isFalse();
        assertThat(replaying.cohortKeys()).hasToString("CohortKeys[CohortValues[[acme], [], []]]");
        assertThat(all.selectsEveryCohort()).isTrue();
        assertThatThrownBy(all::cohortKeys).isInstanceOf(IllegalStateException.class).hasMessageContaining("r-1");
    }

    @Test
    void handsEverythingFromTheEndOffsetOnBackToLiveHandling() {
        assertThat(replaying.verdict(19, ACME, FROM, () -> OWNED)).isEqualTo(Verdict.REPROCESS);
        assertThat(replaying.verdict(20, ACME, FROM, () -> OWNED)).isEqualTo(Verdict.LIVE);
        assertThat(replaying.verdictForInvalid(19)).isEqualTo(Verdict.SKIP);
        assertThat(replaying.verdictForInvalid(25)).isEqualTo(Verdict.LIVE);
    }

    @Test
    void waitsForTheRoutesWhenTheOwnerOfAnEventOfTheCohortAndWindowIsUndecided() {
        assertThat(replaying.verdict(10, ACME, FROM, () -> UNDECIDED)).isEqualTo(Verdict.WAIT_FOR_ROUTES);
        assertThat(replaying.verdict(10, OTHER, FROM, () -> UNDECIDED)).isEqualTo(Verdict.SKIP);
    }

    @Test
    void asksForOwnershipOnlyForEventsOfTheCohortAndWindow() {
        AtomicInteger asked = new AtomicInteger();

        replaying.verdict(10, OTHER, FROM, () -> {
            asked.incrementAndGet();
            return OWNED;
        });
        replaying.verdict(11, ACME, TO.plusSeconds(1), () -> {
            asked.incrementAndGet();
            return OWNED;
        });
        assertThat(asked).hasValue(0);
        replaying.verdict(12, ACME, FROM, () -> {
            asked.incrementAndGet();
            return OWNED;
        });
        assertThat(asked).hasValue(1);
    }

    @Test
    void countsWhatItDidAndFinishesAtTheEndOffset() {
        for (long offset = 10; offset < 20; offset++) {
            if (offset % 3 == 0) {
                replaying.reprocessed(offset);
            } else if (offset == 11) {
                replaying.errored(offset);
            } else {
                replaying.skipped(offset);
            }
            assertThat(replaying.finished()).isEqualTo(offset == 19);
        }

        assertThat(replaying.counts()).isEqualTo(new ReplayCounts(3, 6, 1));
        assertThat(replaying.position()).isEqualTo(20);
        Done done = replaying.complete(TO);
        assertThat(done.finalStatus().state()).isEqualTo(ReplayProgress.State.COMPLETED);
        assertThat(done.finalStatus().position()).isEqualTo(20);
        assertThat(done.resumeAt()).isEqualTo(20);
    }

    @Test
    void aGapOfMarkersUpToTheEndFinishesWithoutARecord() {
        replaying.skipped(17);
        assertThat(replaying.finished()).isFalse();

        replaying.advanceTo(20);

        assertThat(replaying.finished()).isTrue();
        assertThat(replaying.counts().total()).isEqualTo(1);
    }

    @Test
    void reportsProgressAtMostOncePerIntervalAndOnlyAfterAChange() {
        replaying.skipped(10);
        assertThat(replaying.progressDue(TO)).get().satisfies(status -> {
            assertThat(status.state()).isEqualTo(ReplayProgress.State.RUNNING);
            assertThat(status.position()).isEqualTo(11);
            assertThat(status.instanceId()).isEqualTo("i-1");
        });
        replaying.skipped(11);
        assertThat(replaying.progressDue(TO.plusMillis(999))).isEmpty();
        assertThat(replaying.progressDue(TO.plusMillis(1000))).get()
                .extracting(ReplayProgress::position).isEqualTo(12L);
        assertThat(replaying.progressDue(TO.plusSeconds(5))).isEmpty();
    }

    @Test
    void aCancelledReplayReportsWhereItStoppedAndGoesLiveAtTheEndOffset() {
        replaying.reprocessed(10);
        replaying.reprocessed(11);

        Done done = replaying.cancel(TO);

        assertThat(done.finalStatus().state()).isEqualTo(ReplayProgress.State.CANCELLED);
        assertThat(done.finalStatus().position()).isEqualTo(12);
        assertThat(done.finalStatus().message()).get().asString().contains("12");
        assertThat(done.resumeAt()).isEqualTo(20);
    }

    @Test
    void resumesFromTheCommittedOffsetWithTheLastReportedCounts() {
        ReplayProgress last = new ReplayProgress(ID, V2, TP, 14, new ReplayCounts(2, 2, 0), ReplayProgress.State.RUNNING,
                TO, "i-0", Optional.empty());

        Replaying resumed = Replaying.resume(REQUEST, PLAN, Optional.of(last), 15, "i-1", RateLimiter.unlimited());

        assertThat(resumed.position()).isEqualTo(15);
        assertThat(resumed.counts()).isEqualTo(new ReplayCounts(2, 2, 0));
        assertThat(Replaying.resume(REQUEST, PLAN, Optional.empty(), 3, "i-1", RateLimiter.unlimited()).position())
                .isEqualTo(10);
    }

    @Test
    void rewindsEachEntityOnlyOnce() {
        byte[] p1 = "p1".getBytes(StandardCharsets.UTF_8);

        assertThat(replaying.firstTouch(p1)).isTrue();
        assertThat(replaying.firstTouch("p1".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(replaying.firstTouch("p2".getBytes(StandardCharsets.UTF_8))).isTrue();
        replaying.touched("p3".getBytes(StandardCharsets.UTF_8));
        assertThat(replaying.firstTouch("p3".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void aDoneReplayNeedsAFinalStatusAndStatusesSurviveTheirControlRecord() {
        ReplayProgress running = replaying.status(ReplayProgress.State.RUNNING, TO, Optional.empty());

        assertThatThrownBy(() -> new Done(running, 20)).hasMessageContaining("RUNNING");
        ReplayProgress failed = replaying.fail(TO, "boom").finalStatus();
        assertThat(ReplayProgress.fromAvro(failed.toAvro())).isEqualTo(failed);
        assertThat(failed.message()).contains("boom");
    }

    @Test
    void anAbortReturnsToTheLastCommittedPositionCountsAndRewoundEntities() {
        byte[] p1 = "p1".getBytes(StandardCharsets.UTF_8);
        byte[] p2 = "p2".getBytes(StandardCharsets.UTF_8);
        replaying.firstTouch(p1);
        replaying.reprocessed(10);
        replaying.mark();
        replaying.firstTouch(p2);
        replaying.reprocessed(11);
        replaying.skipped(12);

        replaying.rollback();

        assertThat(replaying.position()).isEqualTo(11);
        assertThat(replaying.counts()).isEqualTo(new ReplayCounts(1, 0, 0));
        assertThat(replaying.firstTouch(p1)).isFalse();
        assertThat(replaying.firstTouch(p2)).isTrue();
    }

    @Test
    void theTimestampCheckBeforeDecodingAgreesWithTheWindowAtItsBounds() {
        for (Instant time : new Instant[] {FROM.minusMillis(1), FROM, FROM.plusMillis(1), TO.minusMillis(1), TO,
            TO.plusMillis(1), Instant.EPOCH}) {
            assertThat(replaying.inWindow(time.toEpochMilli())).as(time.toString())
                    .isEqualTo(REQUEST.window().contains(time));
        }
    }

    @Test
    void selectsOnlyTheCohortOfItsSelector() {
        assertThat(replaying.selects(ACME)).isTrue();
        assertThat(replaying.selects(OTHER)).isFalse();
    }

    @Test
    void countsSurviveAnAbortAfterManySkipsAsTheLastCommittedCounts() {
        replaying.reprocessed(10);
        replaying.skipped(11);
        replaying.mark();
        for (long offset = 12; offset < 19; offset++) {
            replaying.skipped(offset);
        }
        replaying.errored(19);
        assertThat(replaying.counts()).isEqualTo(new ReplayCounts(1, 8, 1));

        replaying.rollback();

        assertThat(replaying.counts()).isEqualTo(new ReplayCounts(1, 1, 0));
        assertThat(replaying.position()).isEqualTo(12);
    }
}
