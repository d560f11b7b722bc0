package dev.rewind.replaytool.history.internal;

import dev.rewind.protocol.CohortGrammar;
import dev.rewind.replaytool.history.CohortKey;
import dev.rewind.replaytool.history.EventCohort;
import dev.rewind.replaytool.history.EventRef;
import dev.rewind.schemas.serde.EventProjection;
import java.time.Instant;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes a source-topic event in the stores of the task that reads it: the event itself under its
 * id ({@link HistoryTopology#EVENT_RECORD_STORE}) and its id under each of its cohort keys
 * ({@link HistoryTopology#COHORT_STORE}), both at the event time. Nothing is forwarded: the stores
 * are partitioned like the source topics, so no event goes through a repartition topic (queries
 * ask every partition instead, see {@link CohortSlice}).
 *
 * <p>Only the event id, type and cohort are read, through an {@link EventProjection} (the rest of
 * the payload is skipped, not decoded); the raw value is kept and decoded when shown. A record that
 * does not project (not the wire format, unknown schema, truncated) or has no event id is logged and
 * skipped rather than failing the index: the index must keep up with topics it does not own.
 */
final class EventIndexer implements Processor<Bytes, byte[], Void, Void> {

    private static final Logger LOGGER = LoggerFactory.getLogger(EventIndexer.class);

    /**
     * Largest event value the index keeps, in bytes. The index copies what it keeps into its
     * changelog: a valid event near the producer's {@code max.request.size} (1 MiB by default) plus
     * the index's own fields would become a record no retry can write, stalling the index. Larger
     * values are kept as {@link PayloadDecoder#OMITTED} instead; the event's reference still locates
     * the original.
     */
    static final int MAX_KEPT_PAYLOAD_BYTES = 256 * 1024;

    /**
     * Longest event id the index takes, in characters. The id is the key of the index's changelog
     * records and part of their values: an id near the producer's {@code max.request.size} makes
     * records no retry can write, and under exactly-once a failed send aborts the task's transaction
     * however the production exception handler answers, so the index would stall (issue 13).
     */
    static final int MAX_EVENT_ID_CHARS = 512;

    private final EventProjection projection;
    private final LocalStores local;
    private ProcessorContext<Void, Void> context;
    private WindowStore<String, String> cohortIndex;
    private WindowStore<String, IndexedEvent> events;
    private LocalStores.SourceStores registered;

    EventIndexer(EventProjection projection, LocalStores local) {
        this.projection = projection;
        this.local = local;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        cohortIndex = context.getStateStore(HistoryTopology.COHORT_STORE);
        events = context.getStateStore(HistoryTopology.EVENT_RECORD_STORE);
        // queries read the task's own stores (see LocalStores); init runs once the task's stores are restored
        registered = new LocalStores.SourceStores(cohortIndex, events);
        local.addSource(context.taskId().partition(), registered);
    }

    @Override
    public void close() {
        if (registered != null) {
            local.removeSource(context.taskId().partition(), registered);
        }
    }

    @Override
    public void process(Record<Bytes, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        EventProjection.Projected projected;
        try {
            projected = projection.project(meta.topic(), record.value());
        } catch (RuntimeException e) {
            LOGGER.atWarn().addKeyValue("topic", meta.topic()).addKeyValue("partition", meta.partition())
                    .addKeyValue("offset", meta.offset()).setCause(e)
                    .log("history index skips a record it cannot decode");
            return;
        }
        String eventId = projected.eventId();
        if (eventId == null || eventId.isBlank()) {
            return;
        }
        EventCohort cohort = projected.cohortPresent()
                ? new EventCohort(projected.customer(), projected.plan(), projected.project()) : EventCohort.NONE;
        if (eventId.length() > MAX_EVENT_ID_CHARS || tooLong(cohort.customer()) || tooLong(cohort.plan())
                || tooLong(cohort.project())) {
            LOGGER.atWarn().addKeyValue("topic", meta.topic()).addKeyValue("partition", meta.partition())
                    .addKeyValue("offset", meta.offset()).addKeyValue("eventIdLength", eventId.length())
                    .log("history index skips an event whose id (at most " + MAX_EVENT_ID_CHARS
                            + " characters) or a cohort value (at most " + CohortGrammar.MAX_LENGTH
                            + ") is too long to index");
            return;
        }
        long time = record.timestamp();
        EventRef ref = new EventRef(meta.topic(), meta.partition(), meta.offset(), eventId, projected.type(),
                Instant.ofEpochMilli(time));
        byte[] payload = record.value().length > MAX_KEPT_PAYLOAD_BYTES ? PayloadDecoder.OMITTED : record.value();
        // the same event id at the same time (a producer's retry, a re-run of this task) overwrites:
        // the event store keeps no duplicates, so a re-put is idempotent
        events.put(eventId, new IndexedEvent(ref, cohort, payload), time);
        for (CohortKey key : cohort.keys()) {
            cohortIndex.put(key.toString(), eventId, time);
        }
    }

    private static boolean tooLong(String cohortValue) {
        return cohortValue != null && cohortValue.length() > CohortGrammar.MAX_LENGTH;
    }
}
