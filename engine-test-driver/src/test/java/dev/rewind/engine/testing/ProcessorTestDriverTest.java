package dev.rewind.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessorContext;
import dev.rewind.engine.processor.ProcessorInit;
import dev.rewind.engine.processor.ReplayId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class ProcessorTestDriverTest {

    private static final Schema PING = SchemaBuilder.record("Ping").namespace("test").fields()
            .requiredString("eventId").optionalBoolean("fail").endRecord();
    private static final Schema COUNT = SchemaBuilder.record("Count").namespace("test").fields()
            .requiredString("entity").requiredLong("count").endRecord();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Cohort ACME = Cohort.of("acme", "pro", "p1");

    /** Counts events per entity in its state and emits the running count. */
    static final class Counter implements EventProcessor {
        String prefix = "";

        @Override
        public void init(ProcessorInit init) {
            prefix = init.config().getOrDefault("prefix", "");
        }

        @Override
        public void process(Event event, ProcessorContext context) {
            long count = context.state().getString().map(Long::parseLong).orElse(0L) + 1;
            context.state().putString(Long.toString(count));
            if (Boolean.TRUE.equals(event.payload().get("fail"))) {
                throw new IllegalStateException("asked to fail");
            }
            GenericRecord out = new GenericData.Record(COUNT);
            out.put("entity", prefix + event.keyAsString());
            out.put("count", count);
            context.emit("counts", event.keyAsString(), out);
        }
    }

    private static GenericRecord ping(String id, boolean fail) {
        GenericRecord ping = new GenericData.Record(PING);
        ping.put("eventId", id);
        ping.put("fail", fail);
        return ping;
    }

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private static long count(EmittedRecord record) {
        return (Long) record.valueAs(GenericRecord.class).get("count");
    }

    @Test
    void emitsOutputsWithTheirOriginAndKeepsEntityState() throws Exception {
        ComponentVersion v2 = new ComponentVersion("counter", "v2");
        try (ProcessorTestDriver driver = ProcessorTestDriver.builder(new Counter()).componentVersion(v2)
                .config(java.util.Map.of("prefix", "entity-")).build()) {
            driver.process(ping("e1", false), ACME, t(1), "p1");
            List<EmittedRecord> second = driver.process(ping("e2", false), ACME, t(2), "p1");
            driver.process(ping("e3", false), ACME, t(3), "p2");

            assertThat(second).singleElement().satisfies(r -> {
                assertThat(r.topic()).isEqualTo("counts");
                assertThat(r.key()).isEqualTo("p1");
                assertThat(count(r)).isEqualTo(2);
                assertThat(r.valueAs(GenericRecord.class).get("entity")).hasToString("entity-p1");
                assertThat(r.eventId().value()).isEqualTo("e2");
                assertThat(r.version()).isEqualTo(v2);
                assertThat(r.replayId()).isEmpty();
            });
            assertThat(driver.outputs("counts")).hasSize(3);
            assertThat(driver.stateString("p1")).contains("2");
            assertThat(driver.state("p1", t(1)).map(String::new)).contains("1");
            assertThat(driver.stateString("p2")).contains("1");
        }
    }

    @Test
    void aFailedEventLeavesNoOutputAndNoStateAndProcessingContinues() throws Exception {
        try (ProcessorTestDriver driver = ProcessorTestDriver.builder(new Counter()).build()) {
            driver.process(ping("e1", false), ACME, t(1), "p1");

            assertThatThrownBy(() -> driver.process(ping("e2", true), ACME, t(2), "p1"))
                    .isInstanceOf(ProcessorFailedException.class)
                    .hasRootCauseMessage("asked to fail")
                    .satisfies(e -> assertThat(((ProcessorFailedException) e).event().eventId().value())
                            .isEqualTo("e2"));
            List<EmittedRecord> third = driver.process(ping("e3", false), ACME, t(3), "p1");

            assertThat(count(third.get(0))).as("the failed event's state write was discarded").isEqualTo(2);
            assertThat(driver.outputs()).hasSize(2);
        }
    }

    @Test
    void aReplayStartsFromTheStateAsOfFromAndTagsItsOutputs() throws Exception {
        try (ProcessorTestDriver driver = ProcessorTestDriver.builder(new Counter()).build()) {
            List<Event> events = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                Event event = driver.event(ping("e" + i, false), ACME, t(i * 10), "p1");
                events.add(event);
                driver.process(event);
            }
            driver.clearOutputs();

            List<EmittedRecord> replayed = driver.replay(ReplayId.of("r-7"), t(30), t(50), events);

            assertThat(replayed).extracting(ProcessorTestDriverTest::count).containsExactly(3L, 4L);
            assertThat(replayed).allSatisfy(r -> assertThat(r.replayId()).contains(ReplayId.of("r-7")));
            assertThat(driver.stateString("p1")).as("events at or after 'to' were rewound too, not replayed")
                    .contains("4");
            assertThat(driver.outputs()).hasSize(2);
        }
    }

    @Test
    void eventsOfAPartitionMustComeInOffsetOrder() throws Exception {
        try (ProcessorTestDriver driver = ProcessorTestDriver.builder(new Counter()).build()) {
            Event first = driver.event(ping("e1", false), ACME, t(1), "p1");
            Event second = driver.event(ping("e2", false), ACME, t(2), "p1");
            driver.process(second);

            assertThatThrownBy(() -> driver.process(first)).hasMessageContaining("offset order");
        }
    }

    @Test
    void emittingSomethingTheSerdeCannotWriteFailsTheEvent() throws Exception {
        EventProcessor bad = (event, context) -> context.emit("out", "k", new GenericData.Record(COUNT));
        EventProcessor wrongType = (event, context) -> context.emit("out", "k", "a string");
        try (ProcessorTestDriver driver = ProcessorTestDriver.builder(bad).build();
                ProcessorTestDriver other = ProcessorTestDriver.builder(wrongType).build()) {
            assertThatThrownBy(() -> driver.process(ping("e1", false), ACME, t(1), "p1"))
                    .isInstanceOf(ProcessorFailedException.class).hasRootCauseInstanceOf(NullPointerException.class)
                    .hasMessageContaining("test.Count");
            assertThatThrownBy(() -> other.process(ping("e1", false), ACME, t(1), "p1"))
                    .hasMessageContaining("emit a SpecificRecord, a GenericRecord, a byte[] or null");
            assertThat(driver.outputs()).isEmpty();
        }
    }

    @Test
    void aContextKeptAfterProcessingCannotBeUsed() throws Exception {
        AtomicReference<ProcessorContext> kept = new AtomicReference<>();
        try (ProcessorTestDriver driver = ProcessorTestDriver.builder((event, context) -> kept.set(context)).build()) {
            driver.process(ping("e1", false), ACME, t(1), "p1");

            assertThatThrownBy(() -> kept.get().emit("out", "k", null)).hasMessageContaining("valid only during");
            assertThat(driver.stateString("p1")).isEqualTo(Optional.empty());
        }
    }

    @Test
    void keysSpreadOverPartitionsLikeKafkasDefaultPartitioner() throws Exception {
        try (ProcessorTestDriver driver = ProcessorTestDriver.builder(new Counter()).partitions(4).build()) {
            for (int i = 0; i < 20; i++) {
                driver.process(ping("e" + i, false), ACME, t(i), "key-" + i);
            }
            assertThat(driver.outputs()).hasSize(20);
            assertThat(driver.stateString("key-7")).contains("1");
            int partition = org.apache.kafka.common.utils.Utils.toPositive(
                    org.apache.kafka.common.utils.Utils.murmur2("key-7".getBytes())) % 4;
            assertThat(driver.event(ping("x", false), ACME, t(99), "key-7").partition()).isEqualTo(partition);
        }
    }
}
