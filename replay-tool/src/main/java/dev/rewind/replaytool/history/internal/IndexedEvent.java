package dev.rewind.replaytool.history.internal;

import dev.rewind.replaytool.history.EventCohort;
import dev.rewind.replaytool.history.EventHistory;
import dev.rewind.replaytool.history.EventRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One source event as the index keeps it in the store of its source partition: where it is, its
 * cohort and its raw value (Confluent wire format, decoded only when shown).
 *
 * <p>Stored in a compact binary layout rather than {@link StoreFormat}'s JSON: the index writes one
 * per source event, and JSON (with the payload as base64) cost more than the rest of the ingest.
 * Layout: format byte {@value #FORMAT}, then topic, partition (int), offset (long), event id, type,
 * timestamp (epoch ms, long), customer, plan, project, payload length (int, -1 for none) and bytes;
 * strings as UTF-8 after their length (int), with a presence byte before each nullable one.
 *
 * @param ref     the event's coordinates
 * @param cohort  its cohort
 * @param payload its raw value, {@link PayloadDecoder#OMITTED} when too large to keep
 */
public record IndexedEvent(EventRef ref, EventCohort cohort, byte[] payload) {

    /** The layout written today; a store holding another is refused with a message. */
    static final byte FORMAT = 2;

    public IndexedEvent {
        Objects.requireNonNull(ref, "ref");
        cohort = cohort == null ? EventCohort.NONE : cohort;
        Objects.requireNonNull(payload, "payload");
    }

    /** This event as a history with no processing yet (they live in the per-event-id store). */
    public EventHistory toHistory() {
        return new EventHistory(ref, cohort, payload, List.of(), List.of());
    }

    /** The serde of the per-partition event store. */
    static Serde<IndexedEvent> serde() {
        return Serdes.serdeFrom((topic, value) -> value == null ? null : value.encode(),
                (topic, bytes) -> bytes == null ? null : decode(topic, bytes));
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96 + payload.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            string(out, ref.topic());
            out.writeInt(ref.partition());
            out.writeLong(ref.offset());
            string(out, ref.eventId());
            nullable(out, ref.type());
            out.writeLong(ref.timestamp().toEpochMilli());
            nullable(out, cohort.customer());
            nullable(out, cohort.plan());
            nullable(out, cohort.project());
            out.writeInt(payload.length);
            out.write(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static IndexedEvent decode(String topic, byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != FORMAT) {
            throw new SerializationException("An indexed event in " + topic + " has store format "
                    + (bytes.length == 0 ? "none (empty value)" : bytes[0]) + " but this service reads format " + FORMAT
                    + "; run the service version that wrote it, or delete history.state.dir and the index's"
                    + " changelog topics to rebuild the index from the source topics");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
            String sourceTopic = string(in);
            int partition = in.readInt();
            long offset = in.readLong();
            String eventId = string(in);
            String type = nullable(in);
            Instant timestamp = Instant.ofEpochMilli(in.readLong());
            EventCohort cohort = new EventCohort(nullable(in), nullable(in), nullable(in));
            byte[] payload = new byte[in.readInt()];
            in.readFully(payload);
            return new IndexedEvent(new EventRef(sourceTopic, partition, offset, eventId, type, timestamp), cohort,
                    payload);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot read an indexed event of store format " + FORMAT + " from "
                    + topic + ": " + e.getMessage(), e);
        }
    }

    // length-prefixed UTF-8 rather than writeUTF, whose 64 KiB limit a hostile event id would hit
    private static void string(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String string(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[in.readInt()];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static void nullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            string(out, value);
        }
    }

    private static String nullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? string(in) : null;
    }
}
