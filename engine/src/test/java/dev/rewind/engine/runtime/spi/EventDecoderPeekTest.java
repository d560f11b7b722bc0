package dev.rewind.engine.runtime.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.demo.release.CommitPushed;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.runtime.internal.RegistryUnavailableException;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.schemas.registry.InMemorySchemaRegistryClient;
import dev.rewind.schemas.registry.SchemaRegistryClient;
import dev.rewind.schemas.registry.SchemaRegistryException;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.schemas.serde.AvroSerializer;
import dev.rewind.schemas.serde.CohortMatcher;
import dev.rewind.schemas.serde.EventProjection;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** A peek reads what a full decode reads, or answers null and leaves the record to the full decode. */
class EventDecoderPeekTest {

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroSerializer serializer = new AvroSerializer(registry);
    private final EventDecoder decoder = new EventDecoder(new AvroDeserializer(registry), new EventProjection(registry),
            new CohortMatcher(registry));
    private final CohortKeys keys = CohortKeys.of(List.of(CohortSelector.customer("acme"), CohortSelector.project("p1"),
            CohortSelector.project("p2"), CohortSelector.DEFAULT)).orElseThrow();

    @Test
    void peeksTheSameEventIdAndCohortAFullDecodeReads() {
        ConsumerRecord<byte[], byte[]> record = record("p1", commit("e-1", "acme", "p1"));

        EventDecoder.Peeked peeked = decoder.peek(record);

        Event event = ((DecodeResult.Decoded) decoder.decode(record)).event();
        assertThat(peeked.eventId()).isEqualTo(event.eventId());
        assertThat(peeked.cohort()).isEqualTo(event.cohort());
    }

    @Test
    void leavesToTheFullDecodeWhatIsNoValidEvent() {
        assertThat(decoder.peek(record(null, commit("e-1", "acme", "p1")))).as("keyless").isNull();
        assertThat(decoder.peek(record("p1", commit(" ", "acme", "p1")))).as("blank id").isNull();
        assertThat(decoder.peek(record("p1", commit("e-1", " ", "p1")))).as("blank customer").isNull();
        assertThat(decoder.peek(record("p1", new byte[] {1, 2, 3, 4, 5, 6}))).as("no wire format").isNull();
        assertThat(decoder.peek(record("p1", new byte[] {0, 0, 0, 0, 99, 2}))).as("unknown schema").isNull();
        assertThat(decoder.peek(record("p1", serializer.serialize("texts", "text")))).as("no record").isNull();
        assertThat(new EventDecoder(new AvroDeserializer(registry)).peek(record("p1", commit("e-1", "a", "p"))))
                .as("no projection").isNull();
    }

    @Test
    void peeksTheCanonicalCohortEachDimensionTheKeyItEqualsOrAbsent() {
        assertThat(decoder.peekCohort(record("p1", commit("e-1", "acme", "p1")), keys)).isEqualTo(Cohort.of("acme", null,
                "p1"));
        assertThat(decoder.peekCohort(record("p1", commit("e-1", "globex", "p2")), keys)).isEqualTo(Cohort.ofProject("p2"));
        assertThat(decoder.peekCohort(record("p1", commit("e-1", "Acme", "p3")), keys)).isEqualTo(Cohort.none());
        assertThat(decoder.peekCohort(record("p1", commit("e-1", "acme\u3000", "p1 ")), keys))
                .isEqualTo(Cohort.none());
    }

    @Test
    void peeksNoCohortExactlyWhenAPeekReadsNoEvent() {
        List<ConsumerRecord<byte[], byte[]>> records = List.of(record(null, commit("e-1", "acme", "p1")),
                record("p1", commit(" ", "acme", "p1")), record("p1", commit("\u3000", "acme", "p1")),
                record("p1", commit("x".repeat(513), "acme", "p1")), record("p1", commit("é".repeat(300), "acme", "p1")),
                record("p1", commit("e-1", " ", "p1")), record("p1", commit("e-1", "acme", "\u2003")),
                record("p1", commit("e-1", "Zürich", "\uD83D\uDE80")), record("p1", new byte[] {1, 2, 3, 4, 5, 6}),
                record("p1", new byte[] {0, 0, 0, 0, 99, 2}), record("p1", serializer.serialize("texts", "text")));
        for (ConsumerRecord<byte[], byte[]> record : records) {
            EventDecoder.Peeked peeked = decoder.peek(record);
            Cohort cohort = decoder.peekCohort(record, keys);

            assertThat(cohort == null).as(String.valueOf(peeked)).isEqualTo(peeked == null);
            if (peeked != null) {
                for (CohortSelector selector : List.of(CohortSelector.customer("acme"), CohortSelector.project("p1"))) {
                    assertThat(selector.matches(cohort)).isEqualTo(selector.matches(peeked.cohort()));
                }
            }
        }
    }

    @Test
    void withoutAMatcherTheCohortIsPeeked() {
        EventDecoder projecting = new EventDecoder(new AvroDeserializer(registry), new EventProjection(registry));

        assertThat(projecting.peekCohort(record("p1", commit("e-1", "globex", "p1")), keys))
                .isEqualTo(Cohort.of("globex", null, "p1"));
    }

    @Test
    void anUnreachableRegistryIsRetriedNotTheEventsFault() {
        SchemaRegistryClient down = (SchemaRegistryClient) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SchemaRegistryClient.class}, (proxy, method, args) -> {
                    throw new SchemaRegistryException("connection refused", SchemaRegistryException.NO_HTTP_STATUS,
                            SchemaRegistryException.NO_ERROR_CODE);
                });
        EventDecoder cut = new EventDecoder(new AvroDeserializer(down), new EventProjection(down));

        assertThatThrownBy(() -> cut.peek(record("p1", new byte[] {0, 0, 0, 0, 7, 2})))
                .isInstanceOf(RegistryUnavailableException.class);
        EventDecoder matching = new EventDecoder(new AvroDeserializer(down), new EventProjection(down),
                new CohortMatcher(down));
        assertThatThrownBy(() -> matching.peekCohort(record("p1", new byte[] {0, 0, 0, 0, 7, 2}), keys))
                .isInstanceOf(RegistryUnavailableException.class);
    }

    private byte[] commit(String eventId, String customer, String project) {
        return serializer.serialize("commits", CommitPushed.newBuilder().setEventId(eventId)
                .setCohort(dev.rewind.schemas.avro.Cohort.newBuilder().setCustomer(customer).setProject(project).build())
                .setRepository("r").setBranch("b").setCommitSha("s").setAuthor("a").build());
    }

    private static ConsumerRecord<byte[], byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>("commits", 0, 0L, 1_700_000_000_000L, TimestampType.CREATE_TIME, 0, 0,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, new RecordHeaders(), Optional.empty());
    }
}
