package dev.rewind.examples.release.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.demo.release.BuildFinished;
import dev.rewind.demo.release.CommitPushed;
import dev.rewind.demo.release.DeployFinished;
import dev.rewind.demo.release.TestsReported;
import dev.rewind.schemas.EventConvention;
import dev.rewind.schemas.avro.Cohort;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class DemoEventsTest {

    private final List<DemoEvents.Generated> events = generate(5_000, 42);

    private static List<DemoEvents.Generated> generate(int count, long seed) {
        DemoEvents demo = new DemoEvents(DemoCustomer.defaults(), new Random(seed));
        List<DemoEvents.Generated> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(demo.next());
        }
        return list;
    }

    private static GenericRecord record(DemoEvents.Generated event) {
        return (GenericRecord) event.value();
    }

    @Test
    void everyEventFollowsTheEventConventionAndIsKeyedByItsCohortsProject() {
        Map<String, DemoCustomer> customerByProject = DemoCustomer.defaults().stream()
                .flatMap(c -> c.projects().stream().map(p -> Map.entry(p, c)))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

        assertThat(events).allSatisfy(event -> {
            EventConvention.require(event.value().getSchema());
            Cohort cohort = (Cohort) record(event).get("cohort");
            assertThat(cohort.getProject()).isEqualTo(event.project());
            assertThat(cohort.getCustomer()).isEqualTo(customerByProject.get(event.project()).id());
            assertThat(cohort.getPlan()).isEqualTo(customerByProject.get(event.project()).plan());
        });
        assertThat(events).extracting(e -> record(e).get("eventId")).doesNotHaveDuplicates();
    }

    @Test
    void onlyEnterpriseTestReportsCarryAFlakyCount() {
        List<TestsReported> reports = events.stream().map(DemoEvents.Generated::value)
                .filter(TestsReported.class::isInstance).map(TestsReported.class::cast).toList();

        assertThat(reports).isNotEmpty().allSatisfy(report ->
                assertThat(report.getFlaky() != null)
                        .isEqualTo(DemoCustomer.ENTERPRISE.equals(report.getCohort().getPlan())));
        assertThat(reports).anySatisfy(report -> assertThat(report.getFlaky()).isNotNull());
    }

    @Test
    void eachProjectsEventsFollowItsPipeline() {
        Map<String, List<Object>> byProject = events.stream().collect(Collectors.groupingBy(
                DemoEvents.Generated::project, Collectors.mapping(DemoEvents.Generated::value, Collectors.toList())));

        byProject.values().forEach(projectEvents -> {
            Set<String> pushed = new HashSet<>();
            Set<String> built = new HashSet<>();
            for (Object event : projectEvents) {
                if (event instanceof CommitPushed commit) {
                    pushed.add(commit.getCommitSha());
                } else if (event instanceof BuildFinished build) {
                    assertThat(pushed).contains(build.getCommitSha());
                    built.add(build.getBuildId());
                } else if (event instanceof TestsReported tests) {
                    assertThat(built).contains(tests.getBuildId());
                } else if (event instanceof DeployFinished deploy) {
                    assertThat(built).contains(deploy.getBuildId());
                }
            }
        });
        assertThat(byProject).hasSize(7);
    }

    @Test
    void theStreamHasEveryKindOfOutcome() {
        Map<String, Long> types = events.stream().collect(Collectors.groupingBy(
                e -> e.value().getSchema().getName(), Collectors.counting()));

        assertThat(types).containsOnlyKeys("CommitPushed", "BuildFinished", "TestsReported", "DeployFinished");
        assertThat(events).anySatisfy(e -> assertThat(e.value()).isInstanceOfSatisfying(DeployFinished.class,
                d -> assertThat(d.getEnvironment()).isEqualTo("production")));
        assertThat(events).anySatisfy(e -> assertThat(e.value()).isInstanceOfSatisfying(BuildFinished.class,
                b -> assertThat(b.getStatus().name()).isEqualTo("FAILED")));
    }

    @Test
    void aSeededStreamIsRepeatable() {
        Function<List<DemoEvents.Generated>, List<Object>> ids =
                list -> list.stream().map(e -> record(e).get("eventId")).toList();

        assertThat(ids.apply(generate(100, 7))).isEqualTo(ids.apply(generate(100, 7)));
    }
}
