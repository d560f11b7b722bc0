package dev.rewind.engine.runtime.spi;

import dev.rewind.engine.runtime.internal.RegistryUnavailableException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.demo.release.CommitPushed;
import dev.rewind.engine.dlq.DlqReason;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.Event;
import dev.rewind.schemas.registry.SchemaRegistryException;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.schemas.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class EventDecoderTest {

    private final Map<String, Object> serde = Map.of("schema.registry.url", "mock://" + UUID.randomUUID());

    private ConsumerRecord<byte[], byte[]> record(byte[] key, byte[] value) {
        return new ConsumerRecord<>("commits", 2, 7L, 1_700_000_000_000L, TimestampType.CREATE_TIME, 0, 0, key, value,
                new RecordHeaders(), Optional.empty());
    }

    private byte[] encode(Object value) {
        try (AvroSerializer serializer = new AvroSerializer()) {
            serializer.configure(serde, false);
            return serializer.serialize("commits", value);
        }
    }

    private EventDecoder decoder() {
        AvroDeserializer deserializer = new AvroDeserializer();
        deserializer.configure(serde, false);
        return new EventDecoder(deserializer);
    }

    @Test
    void decodesAConventionalEventWithItsIdCohortTimeAndPosition() {
        CommitPushed commit = CommitPushed.newBuilder().setEventId("e-1")
                .setCohort(dev.rewind.schemas.avro.Cohort.newBuilder().setCustomer("acme").setProject("p1").build())
                .setRepository("r").setBranch("b").setCommitSha("s").setAuthor("a").build();

        DecodeResult result = decoder().decode(record("p1".getBytes(StandardCharsets.UTF_8), encode(commit)));

        Event event = ((DecodeResult.Decoded) result).event();
        assertThat(event.eventId().value()).isEqualTo("e-1");
        assertThat(event.cohort()).isEqualTo(Cohort.of("acme", null, "p1"));
        assertThat(event.type()).isEqualTo(CommitPushed.getClassSchema().getFullName());
        assertThat(event.time().toEpochMilli()).isEqualTo(1_700_000_000_000L);
        assertThat(event.position()).isEqualTo("commits-2@7");
    }

    @Test
    void rejectsAKeylessEventKeepingItsIdForTheErrorOutcome() {
        CommitPushed commit = CommitPushed.newBuilder().setEventId("e-2")
                .setCohort(dev.rewind.schemas.avro.Cohort.newBuilder().build())
                .setRepository("r").setBranch("b").setCommitSha("s").setAuthor("a").build();

        DecodeResult.Rejected rejected = (DecodeResult.Rejected) decoder().decode(record(null, encode(commit)));

        assertThat(rejected.reason()).isEqualTo(DlqReason.NOT_AN_EVENT);
        assertThat(rejected.eventId()).map(Object::toString).contains("e-2");
    }

    @Test
    void rejectsBytesWithoutTheWireFormatAndTombstones() {
        assertThat(((DecodeResult.Rejected) decoder().decode(record(null, new byte[] {1, 2, 3, 4, 5, 6}))).reason())
                .isEqualTo(DlqReason.UNDECODABLE);
        assertThat(((DecodeResult.Rejected) decoder().decode(record(null, null))).detail()).contains("tombstone");
    }

    @Test
    void anUnreachableRegistryIsNotTheEventsFault() {
        Deserializer<Object> failing = (topic, data) -> {
            throw new SerializationException("fetch failed",
                    new SchemaRegistryException("connection refused", SchemaRegistryException.NO_HTTP_STATUS,
                            SchemaRegistryException.NO_ERROR_CODE));
        };

        assertThatThrownBy(() -> new EventDecoder(failing).decode(record(null, new byte[] {0, 0, 0, 0, 9, 1})))
                .isInstanceOf(RegistryUnavailableException.class);
    }

    @Test
    void anUnknownSchemaIdIsTheEventsFault() {
        DecodeResult result = decoder().decode(record(null, new byte[] {0, 0, 0, 3, 9, 1}));

        assertThat(((DecodeResult.Rejected) result).reason()).isEqualTo(DlqReason.UNKNOWN_SCHEMA);
    }
}
