package dev.rewind.engine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.outcome.OutcomeFactory;
import dev.rewind.engine.outcome.OutcomeTopics;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventId;
import dev.rewind.engine.processor.ProcessingMode;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.engine.runtime.RewindHeaders;
import dev.rewind.engine.runtime.spi.BatchTransaction;
import dev.rewind.engine.runtime.spi.Emitted;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.avro.OutputRef;
import dev.rewind.schemas.registry.InMemorySchemaRegistryClient;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.schemas.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Outcomes and outputs on the wire are what the serializer writes and the headers the contract names (issue 12). */
class RecordWriterTest {

    private static final ComponentVersion V2 = new ComponentVersion("release", "v2");

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroSerializer serializer = new AvroSerializer(registry);
    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final BatchTransaction transaction = new BatchTransaction(() -> producer, Clock.systemUTC());
    /** Milliseconds, as the outcome's timestamp-millis fields carry them, so decoded outcomes compare equal. */
    private final OutcomeFactory outcomes = new OutcomeFactory(V2, "instance-1",
            Clock.fixed(Instant.ofEpochMilli(1_764_547_260_000L), ZoneOffset.UTC));

    @BeforeEach
    void setUp() {
        transaction.init();
    }

    @Test
    void everyOutcomeIsWrittenAsTheSerializerWritesIt() {
        RecordWriter writer = new RecordWriter(V2, serializer, transaction);
        List<Outcome> written = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Event event = event(i, i % 4 == 0 ? Cohort.none() : Cohort.of("customer-" + i % 3, "pro", "p-" + i));
            Optional<ReplayId> replay = i % 5 == 0 ? Optional.of(new ReplayId("r-" + i)) : Optional.empty();
            Outcome outcome = switch (i % 3) {
                case 0 -> outcomes.ok(event, replay, refs(i % 4), i);
                case 1 -> outcomes.duplicate(event, replay);
                default -> outcomes.error(event.eventId(), event.type(), event.cohort(), source(event), replay,
                        "PROCESSOR_ERROR: boom \u00e9 " + i, i);
            };
            writer.writeOutcome(outcome);
            written.add(outcome);
        }

        List<ProducerRecord<byte[], byte[]>> sent = committed();
        assertThat(sent).hasSize(written.size());
        AvroDeserializer deserializer = new AvroDeserializer(registry, Map.of("specific.avro.reader", true), false);
        for (int i = 0; i < written.size(); i++) {
            Outcome outcome = written.get(i);
            assertThat(sent.get(i).topic()).isEqualTo(OutcomeTopics.OUTCOMES);
            assertThat(sent.get(i).key()).isEqualTo(outcome.getEventId().getBytes(StandardCharsets.UTF_8));
            assertThat(sent.get(i).value()).as("outcome %d", i)
                    .isEqualTo(serializer.serialize(OutcomeTopics.OUTCOMES, outcome));
            assertThat(deserializer.deserialize(OutcomeTopics.OUTCOMES, sent.get(i).value()))
                    .hasToString(outcome.toString());
        }
    }

    @Test
    void aSerializerThatWritesOutcomesOtherwiseKeepsWritingThem() {
        Serializer<Object> other = (topic, data) -> new byte[] {0, 0, 0, 0, 9, (byte) data.hashCode()};
        RecordWriter writer = new RecordWriter(V2, other, transaction);

        for (int i = 0; i < 3; i++) {
            Outcome outcome = outcomes.ok(event(i, Cohort.ofCustomer("acme")), Optional.empty(), refs(1), 5);
            writer.writeOutcome(outcome);
            assertThat(committed().get(i).value()).isEqualTo(other.serialize(OutcomeTopics.OUTCOMES, outcome));
        }
    }

    @Test
    void outputsCarryTheEventIdVersionReplayIdAndTraceHeadersAndTheirReferences() {
        RecordWriter writer = new RecordWriter(V2, serializer, transaction);
        RecordHeaders sourceHeaders = new RecordHeaders();
        sourceHeaders.add(RewindHeaders.TRACEPARENT, "00-abc-def-01".getBytes(StandardCharsets.UTF_8));
        Event event = new Event(EventId.of("e-1"), Instant.ofEpochMilli(1_000), "test.Pushed",
                Cohort.ofCustomer("acme"), payload(), "commits", 2, 7, "p-1".getBytes(StandardCharsets.UTF_8),
                sourceHeaders);
        ProcessingMode replay = ProcessingMode.replay(new ReplayId("r-9"), Instant.EPOCH, Instant.ofEpochMilli(5_000));

        List<OutputRef> live = writer.writeOutputs(event, ProcessingMode.live(),
                List.of(new Emitted("out-a", "k1", payload()), new Emitted("out-b", null, new byte[] {1, 2})));
        List<OutputRef> replayed = writer.writeOutputs(event, replay, List.of(new Emitted("out-a", "k2", null)));

        assertThat(live).containsExactly(new OutputRef("out-a", null, null, "k1"),
                new OutputRef("out-b", null, null, null));
        assertThat(replayed).containsExactly(new OutputRef("out-a", null, null, "k2"));
        List<ProducerRecord<byte[], byte[]>> sent = committed();
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0).value()).isEqualTo(serializer.serialize("out-a", payload()));
        assertThat(sent.get(1).value()).containsExactly(1, 2);
        assertThat(sent.get(2).value()).isNull();
        for (ProducerRecord<byte[], byte[]> record : sent) {
            assertThat(text(record, RewindHeaders.EVENT_ID)).isEqualTo("e-1");
            assertThat(text(record, RewindHeaders.VERSION)).isEqualTo("v2");
            assertThat(text(record, RewindHeaders.TRACEPARENT)).isEqualTo("00-abc-def-01");
        }
        assertThat(sent.get(0).headers().lastHeader(RewindHeaders.REPLAY_ID)).isNull();
        assertThat(text(sent.get(2), RewindHeaders.REPLAY_ID)).isEqualTo("r-9");
        assertThat(writer.writeOutputs(event, ProcessingMode.live(), List.of())).isEmpty();
    }

    /** What was sent, once the transaction it was sent in committed. */
    private List<ProducerRecord<byte[], byte[]>> committed() {
        transaction.commit(new ConsumerGroupMetadata("g"));
        return producer.history();
    }

    private static String text(ProducerRecord<byte[], byte[]> record, String header) {
        Header last = record.headers().lastHeader(header);
        return last == null ? null : new String(last.value(), StandardCharsets.UTF_8);
    }

    private static List<OutputRef> refs(int count) {
        List<OutputRef> refs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            refs.add(new OutputRef("out-" + i, null, null, i == 1 ? null : "key-" + i));
        }
        return refs;
    }

    private static Event event(int n, Cohort cohort) {
        return new Event(EventId.of("event-" + n), Instant.ofEpochMilli(1_764_547_200_000L + n),
                "dev.rewind.demo.release.CommitPushed", cohort, payload(), "commits", n % 6, n,
                ("p-" + n).getBytes(StandardCharsets.UTF_8), new RecordHeaders());
    }

    private static ConsumerRecord<byte[], byte[]> source(Event event) {
        return new ConsumerRecord<>(event.topic(), event.partition(), event.offset(), event.time().toEpochMilli(),
                TimestampType.CREATE_TIME, 0, 0, event.key(), new byte[0],
                new RecordHeaders(), Optional.empty());
    }

    private static GenericData.Record payload() {
        GenericData.Record cohort = new GenericData.Record(dev.rewind.schemas.avro.Cohort.getClassSchema());
        cohort.put("customer", "acme");
        return cohort;
    }
}
