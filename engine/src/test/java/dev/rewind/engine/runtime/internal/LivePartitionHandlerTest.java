package dev.rewind.engine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.config.ErrorPolicy;
import dev.rewind.engine.dlq.DlqEntryFactory;
import dev.rewind.engine.dlq.DlqTopics;
import dev.rewind.engine.metrics.EngineMetrics;
import dev.rewind.engine.metrics.ProcessedTally;
import dev.rewind.engine.outcome.OutcomeFactory;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.StateStore;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.engine.runtime.spi.BatchTransaction;
import dev.rewind.engine.runtime.spi.CohortKeys;
import dev.rewind.engine.runtime.spi.EventDecoder;
import dev.rewind.engine.runtime.spi.EventPipeline;
import dev.rewind.engine.runtime.spi.EventState;
import dev.rewind.engine.runtime.spi.OwnershipCheck;
import dev.rewind.engine.runtime.spi.ProcessorInvoker;
import dev.rewind.engine.runtime.spi.Step;
import dev.rewind.schemas.registry.InMemorySchemaRegistryClient;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.schemas.serde.AvroSerializer;
import dev.rewind.schemas.serde.CohortMatcher;
import dev.rewind.schemas.serde.EventProjection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The live path decides the owner before it decodes, and decodes in full only what it owns (issue 12). */
class LivePartitionHandlerTest {

    private static final ComponentVersion V1 = new ComponentVersion("rc", "v1");
    private static final TopicPartition TP = new TopicPartition("commits", 0);
    private static final Schema EVENT = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Pushed\","
            + "\"namespace\":\"test\",\"fields\":[{\"name\":\"eventId\",\"type\":\"string\"},"
            + "{\"name\":\"cohort\",\"type\":" + dev.rewind.schemas.avro.Cohort.getClassSchema() + "},"
            + "{\"name\":\"kind\",\"type\":{\"type\":\"enum\",\"name\":\"Kind\",\"symbols\":[\"A\",\"B\"]}}]}");

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroSerializer serializer = new AvroSerializer(registry);
    private final AtomicInteger fullDecodes = new AtomicInteger();
    private final List<Event> processed = new ArrayList<>();
    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final BatchTransaction transaction = new BatchTransaction(() -> producer, Clock.systemUTC());
    private Optional<OwnershipCheck.Decision> byTime = Optional.empty();
    private OwnershipCheck.Decision reportsUnroutable = OwnershipCheck.Decision.NOT_OWNED;
    private Optional<CohortKeys> keys = Optional.empty();
    private boolean historyChanged;
    private final List<Cohort> canonicalDecided = new ArrayList<>();
    private LivePartitionHandler handler;

    @BeforeEach
    void setUp() {
        transaction.init();
        AvroDeserializer avro = new AvroDeserializer(registry);
        Deserializer<Object> counting = (topic, data) -> {
            fullDecodes.incrementAndGet();
            return avro.deserialize(topic, data);
        };
        OwnershipCheck ownership = new OwnershipCheck() {
            @Override
            public Decision decide(Cohort cohort, Instant eventTime) {
                return cohort.customer().filter("acme"::equals).isPresent() ? Decision.OWNED : Decision.NOT_OWNED;
            }

            @Override
            public boolean decidable(Instant eventTime) {
                return true;
            }

            @Override
            public Decision reportsUnroutable(Instant eventTime) {
                return reportsUnroutable;
            }

            @Override
            public Optional<Decision> decideByTime(Instant eventTime) {
                return byTime;
            }

            @Override
            public Optional<CohortKeys> cohortKeys() {
                return keys;
            }

            @Override
            public Optional<Decision> decideCanonical(Cohort cohort, CohortKeys canonicalKeys, Instant eventTime) {
                if (historyChanged) {
                    return Optional.empty();
                }
                canonicalDecided.add(cohort);
                return Optional.of(decide(cohort, eventTime));
            }
        };
        EngineMetrics metrics = new EngineMetrics(new SimpleMeterRegistry(), V1);
        ProcessedTally tally = new ProcessedTally(metrics);
        RecordWriter writer = new RecordWriter(V1, serializer, transaction);
        OutcomeFactory outcomes = new OutcomeFactory(V1, "i1", Clock.systemUTC());
        EventState state = new EventState() {
            @Override
            public StateStore storeFor(Event event) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void discardEvent() {
            }

            @Override
            public void keepEvent() {
            }
        };
        EventPipeline pipeline = new EventPipeline(new EventDecoder(counting, new EventProjection(registry),
                new CohortMatcher(registry)), ownership,
                new Deduplication(Optional.empty()),
                new ProcessorInvoker(V1, (event, context) -> processed.add(event), state),
                new EventRecorder(writer, outcomes, transaction, metrics, tally, Clock.systemUTC()),
                new DeadLetters(writer, new DlqEntryFactory(V1, Clock.systemUTC()), outcomes, transaction, metrics,
                        tally, ErrorPolicy.CONTINUE));
        handler = new LivePartitionHandler(TP, pipeline);
    }

    @Test
    void aRecordAnotherVersionOwnsByItsTimeIsSkippedWithoutReadingItsValue() {
        byTime = Optional.of(OwnershipCheck.Decision.NOT_OWNED);

        Step step = handler.handle(record(0, new byte[] {9, 9, 9}));

        assertThat(step).isEqualTo(Step.NOT_OWNED);
        assertThat(fullDecodes).hasValue(0);
        assertThat(transaction.rewindPositions()).containsEntry(TP, 0L);
    }

    @Test
    void aRecordWaitsWhileItsTimeIsUndecided() {
        byTime = Optional.of(OwnershipCheck.Decision.UNDECIDED);

        assertThat(handler.handle(record(0, event("e-1", "acme", 0)))).isInstanceOf(Step.WaitingForRoutes.class);
        assertThat(fullDecodes).hasValue(0);
    }

    @Test
    void theCohortIsReadByProjectionAndOnlyOwnedEventsAreDecodedInFull() {
        Step other = handler.handle(record(0, event("e-1", "globex", 0)));
        Step owned = handler.handle(record(1, event("e-2", "acme", 1)));

        assertThat(other).isEqualTo(Step.NOT_OWNED);
        assertThat(owned).isEqualTo(Step.PROCESSED);
        assertThat(fullDecodes).hasValue(1);
        assertThat(processed).extracting(e -> e.eventId().value()).containsExactly("e-2");
    }

    @Test
    void withFewRoutedIdsTheCohortIsComparedByteByByteAndDecidedAsItsCanonicalCohort() {
        keys = CohortKeys.of(List.of(CohortSelector.customer("acme"), CohortSelector.plan("pro")));

        Step other = handler.handle(record(0, event("e-1", "globex", 0)));
        Step owned = handler.handle(record(1, event("e-2", "acme", 1)));

        assertThat(other).isEqualTo(Step.NOT_OWNED);
        assertThat(owned).isEqualTo(Step.PROCESSED);
        assertThat(canonicalDecided).containsExactly(Cohort.none(), Cohort.ofCustomer("acme"));
        assertThat(fullDecodes).hasValue(1);
        assertThat(processed).extracting(e -> e.eventId().value()).containsExactly("e-2");
    }

    @Test
    void whenTheRouteHistoryChangedSinceTheKeysWereTakenTheCohortIsReadAgain() {
        keys = CohortKeys.of(List.of(CohortSelector.customer("other")));
        historyChanged = true;

        Step owned = handler.handle(record(0, event("e-2", "acme", 1)));

        assertThat(owned).isEqualTo(Step.PROCESSED);
        assertThat(canonicalDecided).isEmpty();
    }

    @Test
    void anOwnedEventWhoseFullDecodeFailsIsDeadLetteredByItsOwnerNotLeftToTheUnroutableReporter() {
        byte[] valid = event("e-3", "acme", 1);
        byte[] badEnum = valid.clone();
        badEnum[badEnum.length - 1] = 20; // enum index 10: the projection skips it, a full decode refuses it

        Step step = handler.handle(record(0, badEnum));

        assertThat(step).isInstanceOf(Step.Failed.class);
        transaction.commit(new org.apache.kafka.clients.consumer.ConsumerGroupMetadata("rc.v1"));
        assertThat(producer.history()).extracting(r -> r.topic()).contains(DlqTopics.of("rc"));
        assertThat(processed).isEmpty();
    }

    @Test
    void aBodyTheByteMatcherRejectsIsDecidedAsTheProjectionReadsIt() {
        keys = CohortKeys.of(List.of(CohortSelector.customer("acme")));
        byte[] badEnum = event("e-3", "acme", 1).clone();
        badEnum[badEnum.length - 1] = 20; // enum index 10: the matcher refuses it, the projection skips it

        Step step = handler.handle(record(0, badEnum));

        assertThat(step).isInstanceOf(Step.Failed.class);
        assertThat(canonicalDecided).containsExactly(Cohort.ofCustomer("acme"));
        assertThat(processed).isEmpty();
    }

    @Test
    void aRecordThatIsNoEventIsLeftToTheVersionThatReportsTheUnroutable() {
        Step elsewhere = handler.handle(record(0, new byte[] {1, 2, 3, 4, 5, 6}));
        reportsUnroutable = OwnershipCheck.Decision.OWNED;
        Step here = handler.handle(record(1, new byte[] {1, 2, 3, 4, 5, 6}));

        assertThat(elsewhere).isEqualTo(new Step.Skipped("unroutable-elsewhere"));
        assertThat(here).isInstanceOf(Step.Failed.class);
    }

    private byte[] event(String eventId, String customer, int kind) {
        GenericRecord record = new GenericData.Record(EVENT);
        record.put("eventId", eventId);
        record.put("cohort", dev.rewind.schemas.avro.Cohort.newBuilder().setCustomer(customer).build());
        record.put("kind", new GenericData.EnumSymbol(EVENT.getField("kind").schema(), kind == 0 ? "A" : "B"));
        return serializer.serialize("commits", record);
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, byte[] value) {
        return new ConsumerRecord<>(TP.topic(), TP.partition(), offset, 1_700_000_000_000L, TimestampType.CREATE_TIME,
                0, 0, "p1".getBytes(StandardCharsets.UTF_8), value, new RecordHeaders(), Optional.empty());
    }
}
