package dev.rewind.replaytool.history.internal;

import static dev.rewind.replaytool.history.internal.Records.cohort;
import static dev.rewind.replaytool.history.internal.Records.commit;
import static dev.rewind.replaytool.history.internal.Records.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.replaytool.history.CohortKey;
import dev.rewind.schemas.avro.Cohort;
import dev.rewind.schemas.avro.OutcomeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/** Queries read the stores the tasks registered, and a closed task's stores are gone. */
class LocalStoresTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void aRunningTaskRegistersTheStoresItWritesAndAClosedOneRemovesThem() {
        FakeWireFormat wire = new FakeWireFormat();
        LocalStores local = new LocalStores();
        TopologySettings settings = new TopologySettings(Pattern.compile("commits"), "rewind.outcomes",
                Pattern.compile("rewind\\.dlq\\..+"), Duration.ofDays(7), Duration.ofHours(2), 3);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "local-stores-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        Cohort acme = cohort("acme", "gold", "p1");
        String eventId = "e-1";

        try (TopologyTestDriver driver = new TopologyTestDriver(HistoryTopology.build(settings, wire.registry(), local),
                props)) {
            driver.createInputTopic("commits", new StringSerializer(), new ByteArraySerializer())
                    .pipeInput("p1", wire.encode(commit(eventId, acme)), T0);
            driver.createInputTopic("rewind.outcomes", new StringSerializer(), new ByteArraySerializer())
                    .pipeInput(eventId, wire.encode(outcome(eventId, acme, "v1", null, OutcomeStatus.OK, 10, T0)), T0);

            assertThat(local.sources()).containsOnlyKeys(0);
            LocalStores.SourceStores stores = local.sources().get(0);
            CohortSlice slice = CohortSlice.read(stores.cohorts(), 0, CohortKey.parse("customer:acme").toString(),
                    T0.toEpochMilli(), T0.toEpochMilli(), 10);
            assertThat(slice.entries()).extracting(CohortEntry::eventId).containsExactly(eventId);
            assertThat(SourcePartitions.at(stores.records(), eventId, T0.toEpochMilli()).ref().eventId())
                    .isEqualTo(eventId);
            // the test driver runs every sub-topology as one task of partition 0
            assertThat(local.processings(0).get(eventId).processings()).hasSize(1);
        }

        assertThat(local.sources()).isEmpty();
        assertThat(local.processings(0)).isNull();
    }
}
