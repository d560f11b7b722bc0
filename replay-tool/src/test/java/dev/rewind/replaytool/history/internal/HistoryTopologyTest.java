package dev.rewind.replaytool.history.internal;

import static dev.rewind.replaytool.history.internal.Records.cohort;
import static dev.rewind.replaytool.history.internal.Records.commit;
import static dev.rewind.replaytool.history.internal.Records.dlq;
import static dev.rewind.replaytool.history.internal.Records.outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rewind.replaytool.history.CohortDimension;
import dev.rewind.replaytool.history.CohortKey;
import dev.rewind.replaytool.history.EventHistory;
import dev.rewind.replaytool.history.EventPage;
import dev.rewind.replaytool.history.EventQuery;
import dev.rewind.replaytool.history.EventRef;
import dev.rewind.replaytool.history.Processing;
import dev.rewind.replaytool.history.ProcessingStatus;
import dev.rewind.replaytool.history.StatsWindow;
import dev.rewind.replaytool.history.VersionStats;
import dev.rewind.schemas.avro.Cohort;
import dev.rewind.schemas.avro.OutcomeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HistoryTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private final FakeWireFormat wire = new FakeWireFormat();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> commits;
    private TestInputTopic<String, byte[]> outcomes;
    private TestInputTopic<String, byte[]> dlq;

    @BeforeEach
    void start() {
        TopologySettings settings = new TopologySettings(Pattern.compile("commits"), "rewind.outcomes",
                Pattern.compile("rewind\\.dlq\\..+"), Duration.ofDays(7), Duration.ofHours(2), 3);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "history-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(HistoryTopology.build(settings, wire.registry()), props);
        commits = driver.createInputTopic("commits", new StringSerializer(), new ByteArraySerializer());
        outcomes = driver.createInputTopic("rewind.outcomes", new StringSerializer(), new ByteArraySerializer());
        dlq = driver.createInputTopic("rewind.dlq.release-coordinator", new StringSerializer(),
                new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(TestInputTopic<String, byte[]> topic, String key, GenericRecord value, Instant at) {
        topic.pipeInput(key, wire.encode(value), at);
    }

    @Test
    void anEventShowsItsLiveProcessingItsReplayAndItsDeadLetter() {
        Cohort acme = cohort("acme", "gold", "p1");
        send(commits, "p1", commit("e-1", acme), T0);
        send(outcomes, "e-1", outcome("e-1", acme, "v1", null, OutcomeStatus.OK, 1200, T0.plusSeconds(1)), T0.plusSeconds(1));
        send(outcomes, "e-1", outcome("e-1", acme, "v2", "r-9", OutcomeStatus.OK, 900, T0.plusSeconds(5)), T0.plusSeconds(5));
        send(dlq, "e-1", dlq("e-1", "v3", T0.plusSeconds(6)), T0.plusSeconds(6));

        EventHistory history = event("e-1");

        assertThat(history.ref()).isEqualTo(new EventRef("commits", 0, 0, "e-1",
                "dev.rewind.demo.release.CommitPushed", T0));
        assertThat(history.payload()).isNotEmpty();
        assertThat(history.processings()).extracting(Processing::version, Processing::replayId, Processing::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("v1", null, ProcessingStatus.OK),
                        org.assertj.core.groups.Tuple.tuple("v2", "r-9", ProcessingStatus.OK));
        assertThat(history.processings().get(0).outputs()).singleElement()
                .satisfies(o -> assertThat(o.offset()).isEqualTo(7L));
        assertThat(history.dlq()).singleElement().satisfies(d -> {
            assertThat(d.version()).isEqualTo("v3");
            assertThat(d.reason()).isEqualTo("cannot parse branch");
        });
    }

    @Test
    void anOutcomeThatArrivesBeforeItsEventStillNamesWhereTheEventIs() {
        Cohort acme = cohort("acme", "gold", "p1");
        send(outcomes, "e-2", outcome("e-2", acme, "v1", null, OutcomeStatus.ERROR, 10, T0), T0);

        EventHistory history = driver.<String, EventHistory>getKeyValueStore(HistoryTopology.EVENT_STORE).get("e-2");

        assertThat(history.ref().topic()).isEqualTo("commits");
        assertThat(history.cohort().customer()).isEqualTo("acme");
        assertThat(history.payload()).isNull();
    }

    @Test
    void aCohortsEventsComeNewestFirstAcrossPages() {
        Cohort acme = cohort("acme", "gold", "p1");
        Cohort other = cohort("globex", "gold", "p2");
        for (int i = 0; i < 5; i++) {
            send(commits, "p1", commit("a-" + i, acme), T0.plusSeconds(i));
            send(commits, "p2", commit("g-" + i, other), T0.plusSeconds(i));
        }
        // two events of acme at the same millisecond must both survive paging
        send(commits, "p1", commit("a-5", acme), T0.plusSeconds(4));

        List<String> seen = new ArrayList<>();
        EventQuery first = new EventQuery(CohortKey.parse("customer:acme"), T0, T0.plusSeconds(60), null, null,
                null, 2, null);
        EventPage page = search(first);
        seen.addAll(ids(page));
        while (page.next() != null) {
            page = search(new EventQuery(first.cohort(), first.from(), first.to(), null, null, null, 2, page.next()));
            seen.addAll(ids(page));
        }

        assertThat(seen).hasSize(6).containsOnly("a-0", "a-1", "a-2", "a-3", "a-4", "a-5");
        assertThat(seen.subList(0, 2)).containsExactlyInAnyOrder("a-4", "a-5");
        assertThat(seen.subList(2, 6)).containsExactly("a-3", "a-2", "a-1", "a-0");
    }

    @Test
    void theWindowBoundsAndTheVersionFilterNarrowTheListing() {
        Cohort acme = cohort("acme", "gold", "p1");
        for (int i = 0; i < 4; i++) {
            send(commits, "p1", commit("a-" + i, acme), T0.plusSeconds(i * 10L));
        }
        send(outcomes, "a-1", outcome("a-1", acme, "v2", null, OutcomeStatus.ERROR, 5, T0), T0.plusSeconds(50));

        EventPage window = search(new EventQuery(CohortKey.parse("plan:gold"), T0.plusSeconds(10),
                T0.plusSeconds(30), null, null, null, 10, null));
        EventPage failedOnV2 = search(new EventQuery(CohortKey.parse("project:p1"), T0, T0.plusSeconds(60),
                null, "v2", ProcessingStatus.ERROR, 10, null));

        assertThat(ids(window)).containsExactly("a-2", "a-1");
        assertThat(ids(failedOnV2)).containsExactly("a-1");
    }

    @Test
    void errorRatePerVersionAndPerPlanFollowsTheOutcomes() {
        // the test driver flushes RocksDB after every record, so keep the sample small
        for (int i = 0; i < 40; i++) {
            Cohort c = cohort("c" + (i % 7), i % 2 == 0 ? "gold" : "free", "p");
            boolean error = i % 2 == 0 && i % 4 == 0; // half of gold fails
            send(outcomes, "e" + i, outcome("e" + i, c, "v1", null, error ? OutcomeStatus.ERROR : OutcomeStatus.OK,
                    1000 + i, T0.plusMillis(i)), T0.plusMillis(i));
            send(outcomes, "e" + i, outcome("e" + i, c, "v2", null, OutcomeStatus.OK, 50, T0.plusMillis(i)),
                    T0.plusMillis(i));
        }
        WindowStore<String, OutcomeStats> store = driver.getWindowStore(HistoryTopology.STATS_STORE);
        List<VersionStats> stats = new StatsReader(store).versions("release-coordinator", StatsWindow.ONE_MINUTE,
                CohortDimension.PLAN, T0.plusSeconds(30));

        assertThat(stats).extracting(VersionStats::version).containsExactly("v1", "v2");
        VersionStats v1 = stats.get(0);
        assertThat(v1.total().outcomes()).isEqualTo(40);
        assertThat(v1.total().errorRate()).isCloseTo(0.25, within(1e-9));
        assertThat(v1.byCohort().get("plan:gold").errorRate()).isCloseTo(0.5, within(1e-9));
        assertThat(v1.byCohort().get("plan:free").errorRate()).isZero();
        assertThat(v1.total().p99().toNanos() / 1000).isBetween(1039L, 1039L * 105 / 100);
        assertThat(stats.get(1).total().errorRate()).isZero();
        assertThat(new StatsReader(store).components()).containsExactly("release-coordinator");
    }

    @Test
    void historiesOlderThanTheRetentionArePurged() {
        Cohort acme = cohort("acme", "gold", "p1");
        for (String id : List.of("e-old", "e-recent")) {
            Instant at = id.equals("e-old") ? T0 : T0.plus(Duration.ofDays(6));
            send(commits, "p1", commit(id, acme), at);
            send(outcomes, id, outcome(id, acme, "v1", null, OutcomeStatus.OK, 10, at), at);
        }
        assertThat(event("e-old")).isNotNull();

        Instant later = T0.plus(Duration.ofDays(8));
        send(commits, "p1", commit("e-new", acme), later);
        send(outcomes, "e-new", outcome("e-new", acme, "v1", null, OutcomeStatus.OK, 10, later), later);

        KeyValueStore<String, EventHistory> processed = driver.getKeyValueStore(HistoryTopology.EVENT_STORE);
        assertThat(record("e-old")).isNull();
        assertThat(processed.get("e-old")).isNull();
        assertThat(event("e-recent")).isNotNull();
        assertThat(event("e-new").processings()).hasSize(1);
        assertThat(search(new EventQuery(CohortKey.parse("customer:acme"), T0, later.plusSeconds(1), null, null,
                null, 10, null)).events()).extracting(h -> h.ref().eventId()).containsExactly("e-new", "e-recent");
    }

    @Test
    void sourceEventsAreIndexedWithoutARepartitionTopic() {
        TopologySettings settings = new TopologySettings(Pattern.compile("commits"), "rewind.outcomes",
                Pattern.compile("rewind\\.dlq\\..+"), Duration.ofDays(7), Duration.ofHours(2), 3);
        var description = HistoryTopology.build(settings, wire.registry()).describe();

        var indexing = description.subtopologies().stream()
                .filter(sub -> sub.nodes().stream().anyMatch(n -> n.name().equals(HistoryTopology.INDEX_PROCESSOR)))
                .toList();
        assertThat(indexing).singleElement().satisfies(sub -> assertThat(sub.nodes())
                .allSatisfy(n -> assertThat(n).isNotInstanceOf(
                        org.apache.kafka.streams.TopologyDescription.Sink.class))
                .anySatisfy(n -> assertThat(n.toString()).contains("commits")));
    }

    @Test
    void aCohortEntryFindsItsRecordAtItsEventTimeAlone() {
        Cohort acme = cohort("acme", "gold", "p1");
        send(commits, "p1", commit("e-1", acme), T0);
        // the same event sent again later (a producer's re-send with a new timestamp): a second entry and record
        send(commits, "p1", commit("e-1", acme), T0.plusSeconds(30));
        WindowStore<String, IndexedEvent> records = driver.getWindowStore(HistoryTopology.EVENT_RECORD_STORE);
        WindowStore<String, String> index = driver.getWindowStore(HistoryTopology.COHORT_STORE);

        CohortSlice slice = CohortSlice.read(index, 0, "customer:acme", T0.toEpochMilli(),
                T0.plusSeconds(60).toEpochMilli(), 10);

        assertThat(slice.entries()).extracting(e -> SourcePartitions.at(records, e.eventId(), e.timestamp()))
                .extracting(h -> h.ref().offset()).containsExactly(1L, 0L);
        assertThat(SourcePartitions.at(records, "e-1", T0.plusSeconds(1).toEpochMilli())).isNull();
        assertThat(SourcePartitions.at(records, "e-2", T0.toEpochMilli())).isNull();
    }

    private EventHistory record(String eventId) {
        WindowStore<String, IndexedEvent> records = driver.getWindowStore(HistoryTopology.EVENT_RECORD_STORE);
        return SourcePartitions.newest(records, eventId).orElse(null);
    }

    /** What {@code GET /api/v1/events/{id}} shows: the record joined with its processings. */
    private EventHistory event(String eventId) {
        KeyValueStore<String, EventHistory> processed = driver.getKeyValueStore(HistoryTopology.EVENT_STORE);
        return EventSearch.combine(record(eventId), processed.get(eventId));
    }

    private EventPage search(EventQuery query) {
        WindowStore<String, String> index = driver.getWindowStore(HistoryTopology.COHORT_STORE);
        KeyValueStore<String, EventHistory> processed = driver.getKeyValueStore(HistoryTopology.EVENT_STORE);
        WindowStore<String, IndexedEvent> records = driver.getWindowStore(HistoryTopology.EVENT_RECORD_STORE);
        // as SourcePartitions reads an entry's record: at the entry's event time
        return new EventSearch((key, from, upper, max) -> CohortSlice.read(index, 0, key, from, upper, max),
                entry -> SourcePartitions.at(records, entry.eventId(), entry.timestamp()), processed::get)
                .search(query);
    }

    private static List<String> ids(EventPage page) {
        return page.events().stream().map(h -> h.ref().eventId()).toList();
    }
}
