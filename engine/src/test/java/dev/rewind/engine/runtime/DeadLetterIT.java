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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class DeadLetterIT {

    private static final Schema WITHOUT_EVENT_ID = new Schema.Parser().parse("""
            {"type": "record", "name": "NoId", "namespace": "test", "fields": [
              {"name": "cohort", "type": "dev.rewind.schemas.avro.Cohort"}]}""".replace(
            "\"dev.rewind.schemas.avro.Cohort\"", dev.rewind.schemas.avro.Cohort.getClassSchema().toString()));
    private static final Schema WITHOUT_COHORT = new Schema.Parser().parse("""
            {"type": "record", "name": "NoCohort", "namespace": "test", "fields": [
              {"name": "eventId", "type": "string"}]}""");

    private final SchemaRegistryServer registry;

    DeadLetterIT(SchemaRegistryServer registry) {
        this.registry = registry;
    }

    /** Throws for events whose id starts with "boom", echoes the others. */
    static final class PickyProcessor implements EventProcessor {
        private final String output;

        PickyProcessor(String output) {
            this.output = output;
        }

        @Override
        public void process(Event event, ProcessorContext context) {
            if (event.eventId().value().startsWith("boom")) {
                throw new IllegalStateException("cannot handle " + event.eventId());
            }
            context.emit(output, event.keyAsString(), event.eventId().value().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void sendsEachClassOfBadInputToTheDeadLetterTopicAndGoesOn(KafkaCluster cluster, @TempDir Path stateDir)
            throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, registry.url(), stateDir, 1, (short) 1)) {
            fixture.routeEverythingTo("v1");
            fixture.start(fixture.settings("v1", "a"), () -> new PickyProcessor(fixture.output));
            byte[] good = fixture.serialize(RuntimeFixture.event("ok-1", "acme", "p"));
            byte[] corruptBody = Arrays.copyOf(good, 7);
            byte[] unknownId = ByteBuffer.allocate(9).put((byte) 0).putInt(987_654).putInt(42).array();
            GenericRecord noId = new GenericData.Record(WITHOUT_EVENT_ID);
            noId.put("cohort", dev.rewind.schemas.avro.Cohort.newBuilder().setCustomer("acme").build());
            GenericRecord noCohort = new GenericData.Record(WITHOUT_COHORT);
            noCohort.put("eventId", "no-cohort-1");
            RecordHeaders headers = new RecordHeaders();
            headers.add("origin", "test".getBytes(StandardCharsets.UTF_8));

            fixture.produceRaw(List.of(
                    record(fixture, "not avro at all".getBytes(StandardCharsets.UTF_8), headers),
                    record(fixture, corruptBody, null),
                    record(fixture, unknownId, null),
                    record(fixture, fixture.serialize(noId), null),
                    record(fixture, fixture.serialize(noCohort), null),
                    record(fixture, fixture.serialize(RuntimeFixture.event("boom-1", "acme", "p")), null),
                    record(fixture, good, null)));

            List<DlqEntry> dead = fixture.deadLetters(list -> list.size() >= 6);
            List<Outcome> outcomes = fixture.outcomes(list -> list.size() >= 2);

            assertThat(dead).extracting(e -> e.getReason().substring(0, e.getReason().indexOf(':')))
                    .containsExactly("UNDECODABLE", "UNDECODABLE", "UNKNOWN_SCHEMA", "MISSING_EVENT_ID",
                            "MISSING_COHORT", "PROCESSOR_ERROR");
            assertThat(dead).allSatisfy(e -> assertThat(e.getSourceTopic()).isEqualTo(fixture.source));
            // what is not an event belongs to no version; the processor's failure belongs to v1
            assertThat(dead).extracting(DlqEntry::getVersion).containsExactly("", "", "", "", "", "v1");
            assertThat(dead.get(0).getValue()).isEqualTo(ByteBuffer.wrap("not avro at all".getBytes(StandardCharsets.UTF_8)));
            assertThat(dead.get(0).getHeaders()).singleElement().satisfies(h -> assertThat(h.getKey()).isEqualTo("origin"));
            assertThat(dead.get(5).getErrorClass()).isEqualTo(IllegalStateException.class.getName());
            Map<String, OutcomeStatus> statuses = outcomes.stream()
                    .collect(Collectors.toMap(Outcome::getEventId, Outcome::getStatus));
            assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "boom-1", OutcomeStatus.ERROR, "ok-1", OutcomeStatus.OK));
            assertThat(fixture.readCommitted(fixture.output, list -> !list.isEmpty()))
                    .extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly("ok-1");
        }
    }

    @Test
    void stopsOnlyThePartitionOfABadEventUnderTheStopPartitionPolicy(KafkaCluster cluster, @TempDir Path stateDir)
            throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, registry.url(), stateDir, 2, (short) 1)) {
            fixture.routeEverythingTo("v1");
            Map<String, Object> settings = fixture.settings("v1", "a");
            settings.put("error.policy", "stop-partition");
            fixture.start(settings, () -> new PickyProcessor(fixture.output));

            fixture.produceRaw(List.of(
                    toPartition(fixture, 0, RuntimeFixture.event("boom-0", "acme", "p")),
                    toPartition(fixture, 0, RuntimeFixture.event("after-boom-0", "acme", "p")),
                    toPartition(fixture, 1, RuntimeFixture.event("other-1", "acme", "q"))));
            fixture.deadLetters(list -> list.size() >= 1);
            fixture.produceRaw(List.of(toPartition(fixture, 1, RuntimeFixture.event("other-2", "acme", "q"))));

            List<Outcome> outcomes = fixture.outcomes(list -> list.stream().anyMatch(o -> o.getEventId().equals("other-2")));

            assertThat(outcomes).extracting(Outcome::getEventId)
                    .contains("boom-0", "other-1", "other-2").doesNotContain("after-boom-0");
        }
    }

    private static ProducerRecord<byte[], byte[]> record(RuntimeFixture fixture, byte[] value, RecordHeaders headers) {
        return new ProducerRecord<>(fixture.source, null, null, "p".getBytes(StandardCharsets.UTF_8), value, headers);
    }

    private static ProducerRecord<byte[], byte[]> toPartition(RuntimeFixture fixture, int partition,
                                                              dev.rewind.demo.release.CommitPushed event) {
        return new ProducerRecord<>(fixture.source, partition, event.getCohort().getProject().getBytes(StandardCharsets.UTF_8),
                fixture.serialize(event));
    }
}
