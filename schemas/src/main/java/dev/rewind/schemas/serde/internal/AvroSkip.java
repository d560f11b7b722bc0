package dev.rewind.schemas.serde.internal;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * How to pass over one value of a writer schema in Avro binary without reading it (the Avro
 * specification, "Binary Encoding"): fixed-size values by their size, strings and bytes by their
 * length prefix, unions by their branch index, arrays and maps block by block (a negative block count
 * is followed by the block's size in bytes, which is skipped at once), records field by field.
 *
 * <p>Compiled once per writer schema ({@link #of}); recursive schemas compile to a cyclic program.
 * Every step consumes the bytes it declares, checked against what is left, so a pass costs time
 * linear in the body's length whatever its declared lengths and counts (items of a zero-size type,
 * e.g. {@code null}, are passed over by count without a loop). Immutable and thread-safe.
 */
public abstract class AvroSkip {

    /** The size of every value in bytes when it is fixed, else -1. */
    final int fixedSize;

    private AvroSkip(int fixedSize) {
        this.fixedSize = fixedSize;
    }

    /**
     * Passes over one value at the cursor.
     *
     * @throws AvroFormatException when the bytes do not encode a value of the schema
     */
    public abstract void skip(AvroCursor in) throws AvroFormatException;

    /** The program passing over values of {@code schema}. */
    public static AvroSkip of(Schema schema) {
        return compile(schema, new IdentityHashMap<>());
    }

    private static AvroSkip compile(Schema schema, Map<Schema, RecordSkip> records) {
        return switch (schema.getType()) {
            case NULL -> new Fixed(0);
            case BOOLEAN -> new Fixed(1);
            case FLOAT -> new Fixed(4);
            case DOUBLE -> new Fixed(8);
            case FIXED -> new Fixed(schema.getFixedSize());
            case INT -> new IntSkip();
            case LONG -> new LongSkip();
            case STRING -> new LengthSkip(true);
            case BYTES -> new LengthSkip(false);
            case ENUM -> new EnumSkip(schema.getEnumSymbols().size());
            case ARRAY -> new BlockSkip(null, compile(schema.getElementType(), records));
            case MAP -> new BlockSkip(new LengthSkip(true), compile(schema.getValueType(), records));
            case UNION -> new UnionSkip(schema.getTypes().stream().map(s -> compile(s, records)).toArray(AvroSkip[]::new));
            case RECORD -> record(schema, records);
        };
    }

    private static AvroSkip record(Schema schema, Map<Schema, RecordSkip> records) {
        RecordSkip known = records.get(schema);
        if (known != null) {
            return known; // a recursive reference: sized as variable
        }
        RecordSkip record = new RecordSkip();
        records.put(schema, record);
        List<Schema.Field> fields = schema.getFields();
        AvroSkip[] steps = new AvroSkip[fields.size()];
        int size = 0;
        for (int i = 0; i < steps.length; i++) {
            steps[i] = compile(fields.get(i).schema(), records);
            size = size < 0 || steps[i].fixedSize < 0 ? -1 : size + steps[i].fixedSize;
        }
        record.fields = steps;
        return size >= 0 ? new Fixed(size) : record;
    }

    private static final class Fixed extends AvroSkip {
        Fixed(int size) {
            super(size);
        }

        @Override
        public void skip(AvroCursor in) throws AvroFormatException {
            in.skip(fixedSize);
        }
    }

    private static final class IntSkip extends AvroSkip {
        IntSkip() {
            super(-1);
        }

        @Override
        public void skip(AvroCursor in) throws AvroFormatException {
            in.readInt();
        }
    }

    private static final class LongSkip extends AvroSkip {
        LongSkip() {
            super(-1);
        }

        @Override
        public void skip(AvroCursor in) throws AvroFormatException {
            in.readLong();
        }
    }

    private static final class LengthSkip extends AvroSkip {
        private final boolean string;

        LengthSkip(boolean string) {
            super(-1);
            this.string = string;
        }

        @Override
        public void skip(AvroCursor in) throws AvroFormatException {
            int length = in.readLength();
            in.checkLimit(length, string);
            in.position += length;
        }
    }

    private static final class EnumSkip extends AvroSkip {
        private final int symbols;

        EnumSkip(int symbols) {
            super(-1);
            this.symbols = symbols;
        }

        @Override
        public void skip(AvroCursor in) throws AvroFormatException {
            in.readIndex(symbols, "enum symbol");
        }
    }

    private static final class UnionSkip extends AvroSkip {
        private final AvroSkip[] branches;

        UnionSkip(AvroSkip[] branches) {
            super(-1);
            this.branches = branches;
        }

        @Override
        public void skip(AvroCursor in) throws AvroFormatException {
            branches[in.readIndex(branches.length, "union branch")].skip(in);
        }
    }

    /** Arrays (no key) and maps (a string key before each value). */
    private static final class BlockSkip extends AvroSkip {
        private final AvroSkip key;
        private final AvroSkip item;

        BlockSkip(AvroSkip key, AvroSkip item) {
            super(-1);
            this.key = key;
            this.item = item;
        }

        @Override
        public void skip(AvroCursor in) throws AvroFormatException {
            long items = 0;
            for (long count = in.readLong(); count != 0; count = in.readLong()) {
                if (count == Long.MIN_VALUE) {
                    throw new AvroFormatException("block count out of range at byte " + in.position);
                }
                in.checkItems(items, Math.abs(count));
                items += Math.abs(count);
                if (count < 0) {
                    in.skip(in.readLong()); // the block's size in bytes follows a negative count
                } else if (key == null && item.fixedSize >= 0) {
                    skipFixedItems(in, count);
                } else {
                    skipItems(in, count);
                }
            }
        }

        private void skipFixedItems(AvroCursor in, long count) throws AvroFormatException {
            if (item.fixedSize > 0 && count > (in.end - in.position) / item.fixedSize) {
                throw new AvroFormatException(count + " items of " + item.fixedSize + " bytes run past the end at byte "
                        + in.position);
            }
            in.skip(count * item.fixedSize);
        }

        private void skipItems(AvroCursor in, long count) throws AvroFormatException {
            // every key or item of a variable size takes at least one byte
            if (count > in.end - in.position) {
                throw new AvroFormatException(count + " items run past the end at byte " + in.position);
            }
            for (long i = 0; i < count; i++) {
                if (key != null) {
                    key.skip(in);
                }
                item.skip(in);
            }
        }
    }

    private static final class RecordSkip extends AvroSkip {
        private AvroSkip[] fields;

        RecordSkip() {
            super(-1);
        }

        @Override
        public void skip(AvroCursor in) throws AvroFormatException {
            for (AvroSkip field : fields) {
                field.skip(in);
            }
        }
    }
}
