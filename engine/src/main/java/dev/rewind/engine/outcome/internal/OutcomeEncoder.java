package dev.rewind.engine.outcome.internal;

import dev.rewind.schemas.avro.Cohort;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.avro.OutputRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Writes an {@link Outcome} in Avro's binary encoding of {@link Outcome#SCHEMA$}, byte for byte what
 * Avro's {@code SpecificDatumWriter} writes, without its per-field work: Avro resolves each union by
 * the value's schema name, converts each {@code timestamp-millis} through a conversion object and walks
 * the schema per record, which with the outcome's builder was a third of the engine's live-path
 * processing thread (bench/results/profiles.md, "after, issue 12 live CPU").
 *
 * <p>The layout is the schema's, field by field (Avro specification, "Binary Encoding"): strings as a
 * zig-zag varint byte length and UTF-8, {@code int} and {@code long} as zig-zag varints, an enum as its
 * symbol's index, a union as its branch index then the value, the {@code outputs} array as one block
 * (its count, the items, then a zero count) or a single zero when empty. The strings that repeat from
 * outcome to outcome (component, version, instance id, event type, topics) are encoded once per field
 * while they stay the same instance. A change to {@code Outcome.avsc} must change this class; its tests
 * compare it with Avro's writer, and the engine checks it against the serializer on the first outcome.
 *
 * <p>Not thread-safe: one per consumer thread.
 */
public final class OutcomeEncoder {

    /** A buffer grown for a rare large outcome (a long error text) is not kept. */
    private static final int KEPT_BUFFER = 16 * 1024;

    private final LastString component = new LastString();
    private final LastString version = new LastString();
    private final LastString eventType = new LastString();
    private final LastString sourceTopic = new LastString();
    private final LastString outputTopic = new LastString();
    private final LastString instanceId = new LastString();
    private byte[] buffer = new byte[512];
    private int position;

    /**
     * The outcome's Avro binary encoding after {@code prefix} (the Confluent wire-format header of the
     * outcome schema's id), as one new array.
     *
     * @throws NullPointerException naming the field, if a field that the schema does not allow to be null is null
     */
    public byte[] encode(byte[] prefix, Outcome outcome) {
        position = 0;
        ensure(prefix.length);
        System.arraycopy(prefix, 0, buffer, 0, prefix.length);
        position = prefix.length;
        writeString(required(outcome.getEventId(), "eventId"));
        writeCached(component, required(outcome.getComponent(), "component"));
        writeCached(version, required(outcome.getVersion(), "version"));
        writeOptionalString(outcome.getReplayId());
        writeInt(required(outcome.getStatus(), "status").ordinal());
        writeCached(eventType, required(outcome.getEventType(), "eventType"));
        Cohort cohort = required(outcome.getCohort(), "cohort");
        writeOptionalString(cohort.getCustomer());
        writeOptionalString(cohort.getPlan());
        writeOptionalString(cohort.getProject());
        writeLong(millis(outcome.getEventTime(), "eventTime"));
        writeCached(sourceTopic, required(outcome.getSourceTopic(), "sourceTopic"));
        writeInt(outcome.getSourcePartition());
        writeLong(outcome.getSourceOffset());
        writeOutputs(required(outcome.getOutputs(), "outputs"));
        writeLong(outcome.getDurationMicros());
        writeOptionalString(outcome.getError());
        writeLong(millis(outcome.getProcessedAt(), "processedAt"));
        writeCached(instanceId, required(outcome.getInstanceId(), "instanceId"));
        byte[] encoded = Arrays.copyOf(buffer, position);
        if (buffer.length > KEPT_BUFFER) {
            buffer = new byte[512];
        }
        return encoded;
    }

    private void writeOutputs(List<OutputRef> outputs) {
        if (!outputs.isEmpty()) {
            writeLong(outputs.size());
            for (OutputRef output : outputs) {
                writeCached(outputTopic, required(output.getTopic(), "outputs.topic"));
                Integer partition = output.getPartition();
                if (partition == null) {
                    writeInt(0);
                } else {
                    writeInt(1);
                    writeInt(partition);
                }
                Long offset = output.getOffset();
                if (offset == null) {
                    writeInt(0);
                } else {
                    writeInt(1);
                    writeLong(offset);
                }
                writeOptionalString(output.getKey());
            }
        }
        writeInt(0);
    }

    private void writeOptionalString(String value) {
        if (value == null) {
            writeInt(0);
        } else {
            writeInt(1);
            writeString(value);
        }
    }

    /**
     * A string that tends to be the same instance from outcome to outcome: its encoding is kept per field,
     * so a field whose value changes costs one encoding and never evicts another field's.
     */
    private void writeCached(LastString last, String value) {
        if (last.text != value) {
            int start = position;
            writeString(value);
            last.text = value;
            last.encoding = Arrays.copyOfRange(buffer, start, position);
            return;
        }
        byte[] encoding = last.encoding;
        ensure(encoding.length);
        System.arraycopy(encoding, 0, buffer, position, encoding.length);
        position += encoding.length;
    }

    private void writeString(String value) {
        int length = value.length();
        if (isAscii(value, length)) {
            ensure(5 + length);
            writeInt(length);
            for (int i = 0; i < length; i++) {
                buffer[position++] = (byte) value.charAt(i);
            }
            return;
        }
        // what Avro's writer does: String.getBytes, which writes an unpaired surrogate as '?'
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        ensure(5 + utf8.length);
        writeInt(utf8.length);
        System.arraycopy(utf8, 0, buffer, position, utf8.length);
        position += utf8.length;
    }

    private static boolean isAscii(String value, int length) {
        for (int i = 0; i < length; i++) {
            if (value.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Zig-zag varint of an {@code int}, as Avro's {@code BinaryData.encodeInt}. */
    private void writeInt(int value) {
        ensure(5);
        int n = (value << 1) ^ (value >> 31);
        while ((n & ~0x7F) != 0) {
            buffer[position++] = (byte) ((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        buffer[position++] = (byte) n;
    }

    /** Zig-zag varint of a {@code long}, as Avro's {@code BinaryData.encodeLong}. */
    private void writeLong(long value) {
        ensure(10);
        long n = (value << 1) ^ (value >> 63);
        while ((n & ~0x7FL) != 0) {
            buffer[position++] = (byte) ((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        buffer[position++] = (byte) n;
    }

    private void ensure(int more) {
        if (position + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + more));
        }
    }

    /** {@code timestamp-millis}: Avro's {@code TimestampMillisConversion} writes {@link Instant#toEpochMilli()}. */
    private static long millis(Instant time, String field) {
        return required(time, field).toEpochMilli();
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new NullPointerException("Outcome field " + field + " is null; its schema does not allow null");
        }
        return value;
    }

    /** The last value of a field and its encoding. */
    private static final class LastString {
        private String text;
        private byte[] encoding;
    }
}
