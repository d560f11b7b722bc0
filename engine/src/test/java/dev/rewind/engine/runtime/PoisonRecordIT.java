package dev.rewind.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessorContext;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.testsupport.SchemaRegistryExtension;
import dev.rewind.schemas.avro.DlqEntry;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.avro.OutcomeStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 8: no single record, and no write that fails the same way on every retry, stalls or
 * crashes a version; it is dead-lettered with its source coordinates and the partition goes on.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class PoisonRecordIT {

    private static final Schema TAGGED = new Schema.Parser().parse("""
            {"type": "record", "name": "Tagged", "namespace": "test", "fields": [
              {"name": "eventId", "type": "string"},
              {"name": "cohort", "type": "dev.rewind.schemas.avro.Cohort"},
              {"name": "tags", "type": {"type": "array", "items": "string"}}]}""".replace(
            "\"dev.rewind.schemas.avro.Cohort\"", dev.rewind.schemas.avro.Cohort.getClassSchema().toString()));

    private final SchemaRegistryServer registry;

    PoisonRecordIT(SchemaRegistryServer registry) {
        this.registry = registry;
    }

    /** Echoes events; "huge" ones emit 1.5 MB, "misdirected" ones emit to a topic name Kafka refuses. */
    static final class Emitter implements EventProcessor {
        private final String output;

        Emitter(String output) {
            this.output = output;
        }

        @Override
        public void process(Event event, ProcessorContext context) {
            String id = event.eventId().value();
            if (id.startsWith("huge")) {
                context.emit(output, event.keyAsString(), new byte[1_500_000]);
            } else if (id.startsWith("misdirected")) {
                context.emit("no such topic!", event.keyAsString(), id.getBytes(StandardCharsets.UTF_8));
            } else {
                context.emit(output, event.keyAsString(), id.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void deadLettersARecordDeclaringTwoBillionArrayItemsAndGoesOn(KafkaCluster cluster, @TempDir Path stateDir)
            throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, registry.url(), stateDir, 1, (short) 1)) {
            fixture.routeEverythingTo("v1");
            fixture.start(fixture.settings("v1", "a"), () -> new Emitter(fixture.output));
            GenericRecord tagged = new GenericData.Record(TAGGED);
            tagged.put("eventId", "tagged-1");
            tagged.put("cohort", dev.rewind.schemas.avro.Cohort.newBuilder().setCustomer("acme").build());
            tagged.put("tags", List.of());
            byte[] valid = fixture.serialize(tagged);
            // the empty array's final 0 becomes a block count of 2,147,483,639 items (zig-zag varint)
            ByteArrayOutputStream declaring = new ByteArrayOutputStream();
            declaring.writeBytes(Arrays.copyOf(valid, valid.length - 1));
            declaring.writeBytes(HexFormat.of().parseHex("eeffffff0f"));

            fixture.produceRaw(List.of(record(fixture, declaring.toByteArray()),
                    record(fixture, fixture.serialize(RuntimeFixture.event("after-1", "acme", "p")))));

            List<Outcome> outcomes = fixture.outcomes(list -> !list.isEmpty());
            assertThat(outcomes).singleElement().satisfies(o -> {
                assertThat(o.getEventId()).isEqualTo("after-1");
                assertThat(o.getStatus()).isEqualTo(OutcomeStatus.OK);
            });
            assertThat(fixture.deadLetters(list -> !list.isEmpty())).singleElement().satisfies(e -> {
                assertThat(e.getReason()).startsWith("UNDECODABLE").contains("test.Tagged");
                assertThat(e.getSourceOffset()).isZero();
            });
        }
    }

    @Test
    void deadLettersARecordTooLargeToCopyIntoItsDeadLetterWithoutTheCopyAndGoesOn(KafkaCluster cluster,
                                                                                 @TempDir Path stateDir)
            throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, registry.url(), stateDir, 1, (short) 1)) {
            fixture.routeEverythingTo("v1");
            fixture.start(fixture.settings("v1", "a"), () -> new Emitter(fixture.output));

            // not Avro; with its 100 KB key and 940 KB value its dead letter would exceed max.request.size
            fixture.produceRaw(List.of(
                    new ProducerRecord<>(fixture.source, 0, filled(100_000), filled(940_000)),
                    record(fixture, fixture.serialize(RuntimeFixture.event("after-1", "acme", "p")))));

            assertThat(fixture.outcomes(list -> !list.isEmpty())).extracting(Outcome::getEventId)
                    .containsExactly("after-1");
            assertThat(fixture.deadLetters(list -> !list.isEmpty())).singleElement().satisfies(e -> {
                assertThat(e.getReason()).startsWith("UNDECODABLE").contains("max.request.size");
                assertThat(e.getValue()).isNull();
                assertThat(e.getKey()).isNull();
                assertThat(e.getSourceTopic()).isEqualTo(fixture.source);
                assertThat(e.getSourceOffset()).isZero();
            });
        }
    }

    @Test
    void deadLettersAnEventWhoseOutputCanNeverBeWrittenAndGoesOn(KafkaCluster cluster, @TempDir Path stateDir)
            throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, registry.url(), stateDir, 1, (short) 1)) {
            fixture.routeEverythingTo("v1");
            fixture.start(fixture.settings("v1", "a"), () -> new Emitter(fixture.output));

            fixture.produce(List.of(RuntimeFixture.event("huge-1", "acme", "p"),
                    RuntimeFixture.event("misdirected-1", "acme", "p"),
                    RuntimeFixture.event("after-1", "acme", "p")));

            List<Outcome> outcomes = fixture.outcomes(list -> list.size() >= 3);
            assertThat(outcomes.stream().collect(Collectors.toMap(Outcome::getEventId, Outcome::getStatus)))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("huge-1", OutcomeStatus.ERROR,
                            "misdirected-1", OutcomeStatus.ERROR, "after-1", OutcomeStatus.OK));
            List<DlqEntry> dead = fixture.deadLetters(list -> list.size() >= 2);
            assertThat(dead).extracting(DlqEntry::getEventId).containsExactly("huge-1", "misdirected-1");
            assertThat(dead).allSatisfy(e -> {
                assertThat(e.getReason()).startsWith("UNWRITABLE");
                assertThat(e.getValue()).isNull();
                assertThat(e.getSourceTopic()).isEqualTo(fixture.source);
            });
            assertThat(dead.get(0).getReason()).contains("RecordTooLargeException");
            assertThat(dead.get(1).getReason()).contains("InvalidTopicException");
            assertThat(fixture.readAllCommitted(fixture.output)).extracting(r -> new String(r.value(),
                    StandardCharsets.UTF_8)).containsExactly("after-1");
        }
    }

    private static byte[] filled(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'x');
        return bytes;
    }

    private static ProducerRecord<byte[], byte[]> record(RuntimeFixture fixture, byte[] value) {
        return new ProducerRecord<>(fixture.source, 0, "p".getBytes(StandardCharsets.UTF_8), value);
    }
}
