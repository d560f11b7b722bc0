package dev.rewind.examples.release;

import static dev.rewind.examples.release.ReleaseEvents.buildFinished;
import static dev.rewind.examples.release.ReleaseEvents.commitPushed;
import static dev.rewind.examples.release.ReleaseEvents.deployFinished;
import static dev.rewind.examples.release.ReleaseEvents.testsReported;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.engine.testing.EmittedRecord;
import dev.rewind.engine.testing.ProcessorFailedException;
import dev.rewind.engine.testing.ProcessorTestDriver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** The demo component run by the engine's broker-free test driver (real versioned RocksDB state). */
class ReleaseCoordinatorTest {

    private static final dev.rewind.schemas.avro.Cohort ACME =
            ReleaseEvents.cohort("acme", "enterprise", "acme-web");
    private static final dev.rewind.schemas.avro.Cohort GLOBEX =
            ReleaseEvents.cohort("globex", "team", "globex-api");
    private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");

    private static ProcessorTestDriver driver(String version) throws Exception {
        return ProcessorTestDriver.builder(new ReleaseCoordinator())
                .componentVersion(new ComponentVersion(ReleaseDemo.COMPONENT, version))
                .sourceTopic(ReleaseDemo.EVENTS_TOPIC)
                .build();
    }

    private static List<GenericRecord> greenPipeline(dev.rewind.schemas.avro.Cohort cohort, Integer flaky) {
        return List.of(
                commitPushed("e1", cohort, "main", "abc", "ada"),
                buildFinished("e2", cohort, "b1", "abc", true, 60_000),
                testsReported("e3", cohort, "b1", 120, 0, 3, flaky),
                deployFinished("e4", cohort, "b1", "staging", true));
    }

    private static List<Event> events(ProcessorTestDriver driver, List<GenericRecord> payloads) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            dev.rewind.schemas.avro.Cohort c = (dev.rewind.schemas.avro.Cohort) payloads.get(i).get("cohort");
            events.add(driver.event(payloads.get(i), Cohort.of(c.getCustomer(), c.getPlan(), c.getProject()),
                    START.plusSeconds(i), c.getProject()));
        }
        return events;
    }

    private static String action(EmittedRecord record) {
        return ((GenericRecord) record.value()).get("action").toString();
    }

    @Test
    void releasesAGreenBuildOfATeamProjectInBothVersions() throws Exception {
        for (String version : ReleaseDemo.VERSIONS) {
            try (ProcessorTestDriver driver = driver(version)) {
                events(driver, greenPipeline(GLOBEX, null)).forEach(driver::process);

                assertThat(driver.outputs(ReleaseDemo.DECISIONS_TOPIC)).as(version).singleElement().satisfies(out -> {
                    GenericRecord decision = (GenericRecord) out.value();
                    assertThat(out.key()).isEqualTo("globex-api");
                    assertThat(action(out)).isEqualTo("RELEASE");
                    assertThat(decision.get("buildId")).isEqualTo("b1");
                    assertThat(decision.get("eventId")).isEqualTo("e4/decision");
                    assertThat(decision.get("triggeredBy")).isEqualTo("e4");
                    assertThat(((GenericRecord) decision.get("cohort")).get("customer")).isEqualTo("globex");
                    assertThat(GenericData.get().validate(ReleaseDecision.SCHEMA, decision)).isTrue();
                });
            }
        }
    }

    @Test
    void v1FailsOnAnEnterpriseTestReportAndThenHoldsTheBuildForWantOfTests() throws Exception {
        try (ProcessorTestDriver driver = driver("v1")) {
            List<Event> events = events(driver, greenPipeline(ACME, 2));

            driver.process(events.get(0));
            driver.process(events.get(1));
            assertThatThrownBy(() -> driver.process(events.get(2)))
                    .isInstanceOf(ProcessorFailedException.class)
                    .hasRootCauseInstanceOf(ArithmeticException.class);
            driver.process(events.get(3));

            assertThat(driver.outputs(ReleaseDemo.DECISIONS_TOPIC)).singleElement().satisfies(out -> {
                assertThat(action(out)).isEqualTo("HOLD");
                assertThat(((GenericRecord) out.value()).get("reason")).isEqualTo("no test report for b1");
            });
        }
    }

    @Test
    void v2ReplayingTheEnterpriseWindowReleasesTheBuildUnderTheReplayId() throws Exception {
        try (ProcessorTestDriver driver = driver("v2")) {
            List<Event> window = events(driver, greenPipeline(ACME, 2));
            ReplayId replayId = ReplayId.of("fix-acme");

            List<EmittedRecord> replayed = driver.replay(replayId, START, START.plusSeconds(60), window);

            assertThat(replayed).singleElement().satisfies(out -> {
                assertThat(action(out)).isEqualTo("RELEASE");
                assertThat(out.replayId()).contains(replayId);
                assertThat(out.version().version()).isEqualTo("v2");
            });
        }
    }

    @Test
    void decisionsFollowTheEventConvention() {
        assertThat(dev.rewind.schemas.EventConvention.violations(ReleaseDecision.SCHEMA)).isEmpty();
    }
}
