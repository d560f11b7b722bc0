package dev.rewind.schemas.serde.internal;

import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Where one writer schema puts an event's {@code eventId} and its cohort's dimensions, compiled into
 * a pass over the Avro binary that compares the dimensions' UTF-8 bytes with known values and
 * builds no string. Every other field is {@linkplain AvroSkip skipped} by its encoded length, so
 * the whole body is still checked as a projection checks it.
 *
 * <p>Only the shapes whose text is unambiguous are compiled: a record whose {@code eventId} is a
 * string (or a union of {@code null} and a string) and whose {@code cohort} is a record (or a union
 * of {@code null} and records) with dimensions of those types; {@link #compile} answers
 * {@code null} for any other schema, whose readers then project as before. Immutable, thread-safe.
 *
 * <p>The answer of {@link #read} is packed in a {@code long} so that a pass allocates nothing: the
 * code of each dimension (bits 0-7 customer, 8-15 plan, 16-23 project), of the event id (bits
 * 24-31) and the event id's length in bytes (bits 32-62); see {@code CohortMatcher} for the codes.
 */
public final class CohortLayout {

    /** The answer when only a projection can tell (a null event id or cohort, a cohort that is no record). */
    public static final long UNDETERMINED = -1L;
    /** The field is missing from the writer's schema or its value is null. */
    public static final int ABSENT = 0;
    /** Text that may be blank to Java ({@link String#isBlank}) or is too long to judge here. */
    public static final int UNSURE = 1;
    /** Text that is certainly not blank and equals none of the values. */
    public static final int OTHER = 2;
    /** Text equal to value {@code code - MATCH} of its dimension. */
    public static final int MATCH = 3;
    /** The dimensions, in the order of their codes. */
    public static final List<String> DIMENSIONS = List.of("customer", "plan", "project");

    private static final int EVENT_ID_SHIFT = 24;

    private final Step[] fields;

    private CohortLayout(Step[] fields) {
        this.fields = fields;
    }

    /** The layout of {@code writer}, or {@code null} when it is not a shape this pass reads (see above). */
    public static CohortLayout compile(Schema writer) {
        if (writer.getType() != Schema.Type.RECORD) {
            return null;
        }
        List<Schema.Field> fields = writer.getFields();
        Step[] steps = new Step[fields.size()];
        boolean eventId = false;
        boolean cohort = false;
        for (int i = 0; i < steps.length; i++) {
            Schema.Field field = fields.get(i);
            if (field.name().equals("eventId")) {
                Text text = Text.of(field.schema(), EVENT_ID_SHIFT, -1);
                if (text == null) {
                    return null;
                }
                steps[i] = text;
                eventId = true;
            } else if (field.name().equals("cohort")) {
                steps[i] = CohortStep.of(field.schema());
                if (steps[i] == null) {
                    return null;
                }
                cohort = true;
            } else {
                steps[i] = new Skip(AvroSkip.of(field.schema()));
            }
        }
        return eventId && cohort ? new CohortLayout(steps) : null;
    }

    /**
     * Reads one body at the cursor against {@code values} (per dimension, the UTF-8 bytes of the
     * values to recognise; each non-blank ASCII).
     *
     * @return the packed codes, or {@link #UNDETERMINED}
     * @throws AvroFormatException when the body does not match the schema
     */
    public long read(AvroCursor in, byte[][][] values) throws AvroFormatException {
        long packed = 0;
        for (Step step : fields) {
            packed = step.read(in, values, packed);
            if (packed == UNDETERMINED) {
                return UNDETERMINED;
            }
        }
        return (packed >>> EVENT_ID_SHIFT & 0xff) == ABSENT ? UNDETERMINED : packed;
    }

    /** The code of dimension {@code index} (0 customer, 1 plan, 2 project) in a packed answer. */
    public static int dimension(long packed, int index) {
        return (int) (packed >>> (8 * index)) & 0xff;
    }

    /** The event id's code in a packed answer. */
    public static int eventId(long packed) {
        return (int) (packed >>> EVENT_ID_SHIFT) & 0xff;
    }

    /** The event id's length in UTF-8 bytes in a packed answer. */
    public static int eventIdBytes(long packed) {
        return (int) (packed >>> 32);
    }

    /** The code of text {@code [from, from + length)} of {@code bytes} against {@code candidates}. */
    static int classify(byte[] bytes, int from, int length, byte[][] candidates) {
        for (int i = 0; i < candidates.length; i++) {
            byte[] candidate = candidates[i];
            if (candidate.length == length && Arrays.equals(candidate, 0, length, bytes, from, from + length)) {
                return MATCH + i;
            }
        }
        for (int i = from; i < from + length; i++) {
            int b = bytes[i];
            // an ASCII character Character.isWhitespace rejects makes the text non-blank; a multi-byte
            // character may be Unicode whitespace (U+3000), so it alone does not
            if (b > ' ' || b >= 0 && b < '\t' || b > '\r' && b < 0x1c) {
                return OTHER;
            }
        }
        return UNSURE;
    }

    private abstract static class Step {
        abstract long read(AvroCursor in, byte[][][] values, long packed) throws AvroFormatException;
    }

    private static final class Skip extends Step {
        private final AvroSkip skip;

        Skip(AvroSkip skip) {
            this.skip = skip;
        }

        @Override
        long read(AvroCursor in, byte[][][] values, long packed) throws AvroFormatException {
            skip.skip(in);
            return packed;
        }
    }

    /** A string, or a union of null and a string, read as a code at {@code shift}. */
    private static final class Text extends Step {
        private static final byte[][] NONE = new byte[0][];
        /** Per union branch: whether it is the string (else null); empty for a plain string. */
        private final boolean[] branches;
        private final int shift;
        private final int dimension;

        private Text(boolean[] branches, int shift, int dimension) {
            this.branches = branches;
            this.shift = shift;
            this.dimension = dimension;
        }

        static Text of(Schema schema, int shift, int dimension) {
            if (schema.getType() == Schema.Type.STRING) {
                return new Text(new boolean[0], shift, dimension);
            }
            if (schema.getType() != Schema.Type.UNION) {
                return null;
            }
            List<Schema> types = schema.getTypes();
            boolean[] branches = new boolean[types.size()];
            for (int i = 0; i < branches.length; i++) {
                Schema.Type type = types.get(i).getType();
                if (type != Schema.Type.STRING && type != Schema.Type.NULL) {
                    return null;
                }
                branches[i] = type == Schema.Type.STRING;
            }
            return new Text(branches, shift, dimension);
        }

        @Override
        long read(AvroCursor in, byte[][][] values, long packed) throws AvroFormatException {
            if (branches.length > 0 && !branches[in.readIndex(branches.length, "union branch")]) {
                return packed; // null: ABSENT
            }
            int length = in.readLength();
            in.checkLimit(length, true);
            int from = in.position;
            in.position += length;
            int code = classify(in.buffer, from, length, dimension < 0 ? NONE : values[dimension]);
            packed |= (long) code << shift;
            return dimension < 0 ? packed | (long) length << 32 : packed;
        }
    }

    /** The cohort: a record of dimensions, or a union of null and such records. */
    private static final class CohortStep extends Step {
        /** Per union branch its fields, {@code null} for a branch that is no record; one entry for a plain record. */
        private final Step[][] branches;
        private final boolean union;

        private CohortStep(Step[][] branches, boolean union) {
            this.branches = branches;
            this.union = union;
        }

        static CohortStep of(Schema schema) {
            if (schema.getType() == Schema.Type.RECORD) {
                Step[] fields = dimensions(schema);
                return fields == null ? null : new CohortStep(new Step[][] {fields}, false);
            }
            if (schema.getType() != Schema.Type.UNION) {
                return null;
            }
            List<Schema> types = schema.getTypes();
            Step[][] branches = new Step[types.size()][];
            for (int i = 0; i < branches.length; i++) {
                Schema type = types.get(i);
                if (type.getType() == Schema.Type.RECORD) {
                    branches[i] = dimensions(type);
                    if (branches[i] == null) {
                        return null;
                    }
                } else if (type.getType() != Schema.Type.NULL) {
                    return null;
                }
            }
            return new CohortStep(branches, true);
        }

        private static Step[] dimensions(Schema cohort) {
            List<Schema.Field> fields = cohort.getFields();
            Step[] steps = new Step[fields.size()];
            for (int i = 0; i < steps.length; i++) {
                Schema.Field field = fields.get(i);
                int dimension = DIMENSIONS.indexOf(field.name());
                if (dimension < 0) {
                    steps[i] = new Skip(AvroSkip.of(field.schema()));
                } else {
                    steps[i] = Text.of(field.schema(), 8 * dimension, dimension);
                    if (steps[i] == null) {
                        return null;
                    }
                }
            }
            return steps;
        }

        @Override
        long read(AvroCursor in, byte[][][] values, long packed) throws AvroFormatException {
            Step[] fields = branches[union ? in.readIndex(branches.length, "union branch") : 0];
            if (fields == null) {
                return UNDETERMINED; // a null cohort: not an event a projection reads
            }
            for (Step field : fields) {
                packed = field.read(in, values, packed);
            }
            return packed;
        }
    }
}
