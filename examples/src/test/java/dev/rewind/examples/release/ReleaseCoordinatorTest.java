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
import dev.rewind.engine.processor.ProcessorInit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class ReleaseCoordinatorTest {

    private static final dev.rewind.schemas.avro.Cohort ACME =
            ReleaseEvents.cohort("acme", "enterprise", "acme-web");
    private static final dev.rewind.schemas.avro.Cohort GLOBEX =
            ReleaseEvents.cohort("globex", "team", "globex-api");

    private long offset;

    private RecordingContext contextFor(String version) {
        return new RecordingContext(new ComponentVersion(ReleaseDemo.COMPONENT, version));
    }

    private ReleaseCoordinator coordinator(String version) {
        ReleaseCoordinator coordinator = new ReleaseCoordinator();
        coordinator.init(new ProcessorInit(new ComponentVersion(ReleaseDemo.COMPONENT, version), Map.of()));
        return coordinator;
    }

    private Event event(SpecificRecord payload) {
        GenericRecord record = (GenericRecord) payload;
        dev.rewind.schemas.avro.Cohort cohort = (dev.rewind.schemas.avro.Cohort) record.get("cohort");
        return Event.builder()
                .eventId(record.get("eventId").toString())
                .time(Instant.parse("2026-11-26T10:00:00Z").plusSeconds(offset))
                .cohort(Cohort.of(cohort.getCustomer(), cohort.getPlan(), cohort.getProject()))
                .payload(record)
                .source(ReleaseDemo.EVENTS_TOPIC, 0, offset++)
                .key(cohort.getProject())
                .build();
    }

    private List<Event> greenPipeline(dev.rewind.schemas.avro.Cohort cohort, Integer flaky) {
        return List.of(
                event(commitPushed("e1", cohort, "main", "abc", "ada")),
                event(buildFinished("e2", cohort, "b1", "abc", true, 60_000)),
                event(testsReported("e3", cohort, "b1", 120, 0, 3, flaky)),
                event(deployFinished("e4", cohort, "b1", "staging", true)));
    }

    @Test
    void releasesAGreenBuildOfATeamProjectInBothVersions() throws Exception {
        for (String version : ReleaseDemo.VERSIONS) {
            RecordingContext context = contextFor(version);
            ReleaseCoordinator coordinator = coordinator(version);
            for (Event event : greenPipeline(GLOBEX, null)) {
                context.process(coordinator, event);
            }

            assertThat(context.emitted()).as(version).singleElement().satisfies(out -> {
                assertThat(out.topic()).isEqualTo(ReleaseDemo.DECISIONS_TOPIC);
                assertThat(out.key()).isEqualTo("globex-api");
                assertThat(out.value().get("action").toString()).isEqualTo("RELEASE");
                assertThat(out.value().get("buildId")).isEqualTo("b1");
                assertThat(out.value().get("eventId")).isEqualTo("e4/decision");
                assertThat(out.value().get("triggeredBy")).isEqualTo("e4");
                assertThat(((GenericRecord) out.value().get("cohort")).get("customer")).isEqualTo("globex");
            });
        }
    }

    @Test
    void v1FailsOnAnEnterpriseTestReportAndThenHoldsTheBuildForWantOfTests() throws Exception {
        RecordingContext context = contextFor("v1");
        ReleaseCoordinator coordinator = coordinator("v1");
        List<Event> events = greenPipeline(ACME, 2);

        context.process(coordinator, events.get(0));
        context.process(coordinator, events.get(1));
        assertThatThrownBy(() -> context.process(coordinator, events.get(2)))
                .isInstanceOf(ArithmeticException.class);
        context.process(coordinator, events.get(3));

        assertThat(context.emitted()).singleElement().satisfies(out -> {
            assertThat(out.value().get("action").toString()).isEqualTo("HOLD");
            assertThat(out.value().get("reason")).isEqualTo("no test report for b1");
        });
    }

    @Test
    void v2ReleasesTheSameEnterpriseBuild() throws Exception {
        RecordingContext context = contextFor("v2");
        ReleaseCoordinator coordinator = coordinator("v2");
        for (Event event : greenPipeline(ACME, 2)) {
            context.process(coordinator, event);
        }

        assertThat(context.emitted()).singleElement()
                .satisfies(out -> assertThat(out.value().get("action").toString()).isEqualTo("RELEASE"));
    }

    @Test
    void decisionsFitTheirAvroSchemaAndFollowTheEventConvention() {
        GenericRecord avro = new ReleaseDecision("e4/decision", Cohort.of("acme", "enterprise", "acme-web"),
                "acme-web", "b1", null, ReleaseAction.HOLD, "why", "e4").toAvro();

        assertThat(org.apache.avro.generic.GenericData.get().validate(ReleaseDecision.SCHEMA, avro)).isTrue();
        assertThat(dev.rewind.schemas.EventConvention.violations(ReleaseDecision.SCHEMA)).isEmpty();
    }
}
