package dev.rewind.replaytool.history.internal;

import dev.rewind.protocol.CohortGrammar;
import dev.rewind.replaytool.history.EventCohort;

import dev.rewind.replaytool.history.EventRef;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Turns a source-topic event into the update that records it, keyed by event id. */
final class EventDecoder extends DecodingProcessor<HistoryUpdate> {

    /**
     * Largest event value the index keeps, in bytes. The index re-encodes what it keeps as JSON
     * (base64, about 4/3 of the input) into repartition and changelog records: a valid event near
     * the producer's {@code max.request.size} (1 MiB by default) would become a record no retry can
     * write, stalling the index. Larger values are kept as {@link PayloadDecoder#OMITTED} instead; the
     * event's reference still locates the original.
     */
    static final int MAX_KEPT_PAYLOAD_BYTES = 256 * 1024;

    /**
     * Longest event id the index takes, in characters. The id is the key of the index's repartition
     * and changelog records and part of their values: an id near the producer's {@code max.request.size}
     * makes records no retry can write, and under exactly-once a failed send aborts the task's
     * transaction however the production exception handler answers, so the index would stall.
     */
    static final int MAX_EVENT_ID_CHARS = 512;

    EventDecoder(Supplier<Deserializer<Object>> deserializers) {
        super(deserializers);
    }

    @Override
    void decoded(GenericRecord value, Record<Bytes, byte[]> record, RecordMetadata meta) {
        String eventId = AvroFields.string(value, "eventId");
        if (eventId == null || eventId.isBlank()) {
            return;
        }
        EventCohort cohort = AvroFields.cohort(value);
        if (eventId.length() > MAX_EVENT_ID_CHARS || tooLong(cohort.customer()) || tooLong(cohort.plan())
                || tooLong(cohort.project())) {
            // the decoding processor logs it with its coordinates and skips it
            throw new IllegalArgumentException("eventId (" + eventId.length() + " characters, at most "
                    + MAX_EVENT_ID_CHARS + ") or a cohort value (at most " + CohortGrammar.MAX_LENGTH
                    + ") is too long to index");
        }
        EventRef ref = new EventRef(meta.topic(), meta.partition(), meta.offset(), eventId,
                value.getSchema().getFullName(), Instant.ofEpochMilli(record.timestamp()));
        byte[] payload = record.value().length > MAX_KEPT_PAYLOAD_BYTES ? PayloadDecoder.OMITTED : record.value();
        forward(record, eventId, HistoryUpdate.event(ref, cohort, payload));
    }

    private static boolean tooLong(String cohortValue) {
        return cohortValue != null && cohortValue.length() > CohortGrammar.MAX_LENGTH;
    }
}
