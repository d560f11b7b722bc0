package dev.rewind.replaytool.history.internal;

import dev.rewind.replaytool.history.CohortKey;
import dev.rewind.replaytool.history.EventCohort;
import dev.rewind.replaytool.history.EventRef;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Indexes a source-topic event in the stores of the task that reads it: the event itself under its
 * id ({@link HistoryTopology#EVENT_RECORD_STORE}) and its id under each of its cohort keys
 * ({@link HistoryTopology#COHORT_STORE}), both at the event time. Nothing is forwarded: the stores
 * are partitioned like the source topics, so no event goes through a repartition topic (queries
 * ask every partition instead, see {@link CohortSlice}).
 */
final class EventIndexer extends DecodingProcessor<Void> {

    /**
     * Largest event value the index keeps, in bytes. The index copies what it keeps into its
     * changelog: a valid event near the producer's {@code max.request.size} (1 MiB by default) plus
     * the index's own fields would become a record no retry can write, stalling the index. Larger
     * values are kept as {@link PayloadDecoder#OMITTED} instead; the event's reference still locates
     * the original.
     */
    static final int MAX_KEPT_PAYLOAD_BYTES = 256 * 1024;

    private WindowStore<String, String> cohortIndex;
    private WindowStore<String, IndexedEvent> events;

    EventIndexer(Supplier<Deserializer<Object>> deserializers) {
        super(deserializers);
    }

    @Override
    public void init(ProcessorContext<String, Void> context) {
        super.init(context);
        cohortIndex = context.getStateStore(HistoryTopology.COHORT_STORE);
        events = context.getStateStore(HistoryTopology.EVENT_RECORD_STORE);
    }

    @Override
    void decoded(GenericRecord value, Record<Bytes, byte[]> record, RecordMetadata meta) {
        String eventId = AvroFields.string(value, "eventId");
        if (eventId == null || eventId.isBlank()) {
            return;
        }
        long time = record.timestamp();
        EventRef ref = new EventRef(meta.topic(), meta.partition(), meta.offset(), eventId,
                value.getSchema().getFullName(), Instant.ofEpochMilli(time));
        byte[] payload = record.value().length > MAX_KEPT_PAYLOAD_BYTES ? PayloadDecoder.OMITTED : record.value();
        EventCohort cohort = AvroFields.cohort(value);
        // the same event id at the same time (a producer's retry, a re-run of this task) overwrites:
        // the event store keeps no duplicates, so a re-put is idempotent
        events.put(eventId, new IndexedEvent(ref, cohort, payload), time);
        for (CohortKey key : cohort.keys()) {
            cohortIndex.put(key.toString(), eventId, time);
        }
    }
}
