package dev.rewind.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.schemas.avro.OutcomeStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Outcome counts gathered per poll give the counters per-event updates give (issue 12). */
class ProcessedTallyTest {

    private static final ComponentVersion V2 = new ComponentVersion("release", "v2");

    @Test
    void countsFlushedPerPollEqualCountsAddedPerEventPastTheCardinalityCapsToo() {
        SimpleMeterRegistry perEventRegistry = new SimpleMeterRegistry();
        SimpleMeterRegistry perPollRegistry = new SimpleMeterRegistry();
        EngineMetrics perEvent = new EngineMetrics(perEventRegistry, V2, 5);
        ProcessedTally perPoll = new ProcessedTally(new EngineMetrics(perPollRegistry, V2, 5));
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            OutcomeStatus status = OutcomeStatus.values()[random.nextInt(10) == 0 ? random.nextInt(3) : 0];
            Cohort cohort = Cohort.of(random.nextInt(8) == 0 ? null : "customer-" + random.nextInt(12),
                    "plan-" + random.nextInt(3), random.nextInt(4) == 0 ? null : "project-" + random.nextInt(40));
            perEvent.processed(ProcessedTally.tag(status), cohort);
            perPoll.add(status, cohort);
            if (random.nextInt(300) == 0) {
                perPoll.flush();
            }
        }
        perPoll.flush();

        assertThat(counts(perPollRegistry)).isEqualTo(counts(perEventRegistry)).hasSizeGreaterThan(20);
    }

    @Test
    void countsReachTheCountersOnlyWhenFlushed() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ProcessedTally tally = new ProcessedTally(new EngineMetrics(registry, V2));
        Cohort acme = Cohort.of("acme", "pro", "p1");

        tally.add(OutcomeStatus.OK, acme);
        tally.add(OutcomeStatus.OK, Cohort.of("acme", "pro", "p1"));
        tally.add(OutcomeStatus.SKIPPED_DUP, acme);
        assertThat(registry.find(EngineMetrics.PROCESSED).counters()).isEmpty();
        tally.flush();
        tally.flush();

        assertThat(registry.get(EngineMetrics.PROCESSED).tags("status", "ok", "customer", "acme").counter().count())
                .isEqualTo(2);
        assertThat(registry.get(EngineMetrics.PROCESSED).tags("status", "skipped-dup").counter().count()).isEqualTo(1);
    }

    @Test
    void statusTagsAreTheOnesTheMetricDocuments() {
        assertThat(ProcessedTally.tag(OutcomeStatus.OK)).isEqualTo("ok");
        assertThat(ProcessedTally.tag(OutcomeStatus.ERROR)).isEqualTo("error");
        assertThat(ProcessedTally.tag(OutcomeStatus.SKIPPED_DUP)).isEqualTo("skipped-dup");
    }

    /** Every processed counter by its tags, in a stable order. */
    private static Map<String, Double> counts(SimpleMeterRegistry registry) {
        Map<String, Double> counts = new TreeMap<>();
        for (Counter counter : registry.find(EngineMetrics.PROCESSED).counters()) {
            counts.put(counter.getId().getTags().toString(), counter.count());
        }
        return counts;
    }
}
