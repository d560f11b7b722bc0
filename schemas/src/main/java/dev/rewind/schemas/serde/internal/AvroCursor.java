package dev.rewind.schemas.serde.internal;

import org.apache.avro.SystemLimitException;

/**
 * A position in an Avro binary body (the Avro specification, "Binary Encoding") and the primitive
 * reads of it, bounded by the body's end: a declared length or count is checked against the bytes
 * left before anything is skipped, so a hostile value can neither make a reader allocate nor loop
 * beyond the body's own length.
 *
 * <p>Stricter than Avro's {@code BinaryDecoder} where the two differ (a negative length, a varint
 * longer than its type, an index outside its union or enum): a value this cursor reads is read the
 * same by Avro. Not thread-safe: one per value read.
 */
public final class AvroCursor {

    final byte[] buffer;
    final int end;
    int position;

    /** A cursor over {@code buffer[offset, end)}. */
    public AvroCursor(byte[] buffer, int offset, int end) {
        this.buffer = buffer;
        this.position = offset;
        this.end = end;
    }

    /** The next byte's index. */
    public int position() {
        return position;
    }

    /** A zig-zag varint of at most 5 bytes (an Avro {@code int}, a length, an index). */
    int readInt() throws AvroFormatException {
        int raw = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (position >= end) {
                throw new AvroFormatException("truncated int at byte " + position);
            }
            int b = buffer[position++] & 0xff;
            if (shift == 28 && b > 0x0f) {
                throw new AvroFormatException("int varint out of range at byte " + (position - 1));
            }
            raw |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new AvroFormatException("int varint longer than 5 bytes at byte " + (position - 1));
    }

    /** A zig-zag varint of at most 10 bytes (an Avro {@code long}, a block count or size). */
    long readLong() throws AvroFormatException {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (position >= end) {
                throw new AvroFormatException("truncated long at byte " + position);
            }
            int b = buffer[position++] & 0xff;
            if (shift == 63 && b > 0x01) {
                throw new AvroFormatException("long varint out of range at byte " + (position - 1));
            }
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new AvroFormatException("long varint longer than 10 bytes at byte " + (position - 1));
    }

    /** The length of a string or bytes value, checked against what is left; the cursor stays before the bytes. */
    int readLength() throws AvroFormatException {
        int at = position;
        int length = readInt();
        if (length < 0) {
            throw new AvroFormatException("negative length " + length + " at byte " + at);
        }
        if (length > end - position) {
            throw new AvroFormatException("length " + length + " at byte " + at + " runs past the end of the "
                    + (end - position) + " bytes left");
        }
        return length;
    }

    /** An index into {@code size} branches or symbols. */
    int readIndex(int size, String of) throws AvroFormatException {
        int at = position;
        int index = readInt();
        if (index < 0 || index >= size) {
            throw new AvroFormatException(of + " index " + index + " at byte " + at + " is outside [0, " + size + ")");
        }
        return index;
    }

    /**
     * Checks a string or bytes length against the limit a full decode applies ({@code AvroLimits}), so that
     * nothing passes here that fails there.
     */
    void checkLimit(int length, boolean string) throws AvroFormatException {
        try {
            if (string) {
                SystemLimitException.checkMaxStringLength(length);
            } else {
                SystemLimitException.checkMaxBytesLength(length);
            }
        } catch (SystemLimitException | UnsupportedOperationException e) {
            throw new AvroFormatException(e.getMessage() + " at byte " + position);
        }
    }

    /** Checks a collection's items so far and one more block's against the limit a full decode applies. */
    void checkItems(long existing, long items) throws AvroFormatException {
        try {
            SystemLimitException.checkMaxCollectionLength(existing, items);
        } catch (SystemLimitException | UnsupportedOperationException e) {
            throw new AvroFormatException(e.getMessage() + " at byte " + position);
        }
    }

    /** Skips {@code count} bytes, which must be there. */
    void skip(long count) throws AvroFormatException {
        if (count < 0 || count > end - position) {
            throw new AvroFormatException("cannot skip " + count + " bytes at byte " + position + ": "
                    + (end - position) + " left");
        }
        position += (int) count;
    }
}
