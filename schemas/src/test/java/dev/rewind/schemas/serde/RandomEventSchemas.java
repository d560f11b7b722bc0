package dev.rewind.schemas.serde;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Random event writer schemas (an {@code eventId} and a {@code cohort} among fields of every Avro
 * type, in any order, typed as plain or optional, with dimensions missing, reordered and joined by
 * other fields) and random values of them, for comparing readers of the cohort with a full decode.
 */
final class RandomEventSchemas {

    /** Texts that stress the byte comparison: the values themselves, near misses, blanks, multi-byte, long. */
    static final List<String> TEXTS = List.of("acme", "pro", "p-1", "beta", "acm", "acme2", "Acme", "acme ", " acme",
            "", " ", "\t\n", "\u3000", "\u2003\u00a0", "\u001c", "\u0000", "Zürich", "\u3000acme", "\uD83D\uDE80",
            "é", "\u202Eevil", "x".repeat(300), "y".repeat(600), "\u00e9".repeat(300), "cust-42", "enterprise");

    private final Random random;
    private int names;

    RandomEventSchemas(Random random) {
        this.random = random;
    }

    /** A writer schema of an event; {@code supported} says whether it uses only the shapes a matcher reads. */
    record EventSchema(Schema schema, boolean supported) {
    }

    EventSchema eventSchema() {
        boolean supported = true;
        List<Schema.Field> fields = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            fields.add(new Schema.Field("f" + names++, type(2)));
        }
        Schema eventId = textType();
        if (random.nextInt(20) == 0) {
            eventId = Schema.create(Schema.Type.LONG);
            supported = false;
        }
        fields.add(new Schema.Field("eventId", eventId));
        List<Schema.Field> dimensions = new ArrayList<>();
        for (String dimension : List.of("customer", "plan", "project")) {
            if (random.nextInt(5) > 0) {
                Schema type = textType();
                if (random.nextInt(30) == 0) {
                    type = Schema.create(Schema.Type.INT);
                    supported = false;
                }
                dimensions.add(new Schema.Field(dimension, type));
            }
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            dimensions.add(new Schema.Field("d" + names++, type(1)));
        }
        Collections.shuffle(dimensions, random);
        Schema cohort = Schema.createRecord("Cohort" + names++, null, "test", false, dimensions);
        fields.add(new Schema.Field("cohort", switch (random.nextInt(3)) {
            case 0 -> cohort;
            case 1 -> Schema.createUnion(Schema.create(Schema.Type.NULL), cohort);
            default -> Schema.createUnion(cohort, Schema.create(Schema.Type.NULL));
        }));
        for (int i = random.nextInt(4); i > 0; i--) {
            fields.add(new Schema.Field("g" + names++, type(2)));
        }
        Collections.shuffle(fields, random);
        Schema event = Schema.createRecord("Event" + names++, null, "test", false);
        if (random.nextInt(8) == 0) {
            // recursive: an optional copy of the event itself
            fields.add(new Schema.Field("next", Schema.createUnion(Schema.create(Schema.Type.NULL), event)));
        }
        event.setFields(fields);
        return new EventSchema(event, supported);
    }

    private Schema textType() {
        Schema string = Schema.create(Schema.Type.STRING);
        Schema none = Schema.create(Schema.Type.NULL);
        return switch (random.nextInt(3)) {
            case 0 -> string;
            case 1 -> Schema.createUnion(none, string);
            default -> Schema.createUnion(string, none);
        };
    }

    private Schema type(int depth) {
        int kinds = depth > 0 ? 15 : 10;
        return switch (random.nextInt(kinds)) {
            case 0 -> Schema.create(Schema.Type.NULL);
            case 1 -> Schema.create(Schema.Type.BOOLEAN);
            case 2 -> Schema.create(Schema.Type.INT);
            case 3 -> Schema.create(Schema.Type.LONG);
            case 4 -> Schema.create(Schema.Type.FLOAT);
            case 5 -> Schema.create(Schema.Type.DOUBLE);
            case 6 -> Schema.create(Schema.Type.STRING);
            case 7 -> Schema.create(Schema.Type.BYTES);
            case 8 -> Schema.createFixed("F" + names++, null, "test", random.nextInt(6));
            case 9 -> Schema.createEnum("E" + names++, null, "test", List.of("A", "B", "C").subList(0, 1 + random.nextInt(3)));
            case 10, 11 -> Schema.createArray(type(depth - 1));
            case 12 -> Schema.createMap(type(depth - 1));
            case 13 -> Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.LONG),
                    Schema.create(Schema.Type.STRING));
            default -> {
                List<Schema.Field> fields = new ArrayList<>();
                for (int i = 1 + random.nextInt(3); i > 0; i--) {
                    fields.add(new Schema.Field("r" + names++, type(depth - 1)));
                }
                yield Schema.createRecord("R" + names++, null, "test", false, fields);
            }
        };
    }

    /** A random value of {@code schema}. */
    Object value(Schema schema, int depth) {
        return switch (schema.getType()) {
            case NULL -> null;
            case BOOLEAN -> random.nextBoolean();
            case INT -> random.nextInt(3) == 0 ? random.nextInt() : random.nextInt(100) - 50;
            case LONG -> random.nextInt(3) == 0 ? random.nextLong() : (long) random.nextInt(1000);
            case FLOAT -> random.nextFloat();
            case DOUBLE -> random.nextDouble();
            case STRING -> TEXTS.get(random.nextInt(TEXTS.size()));
            case BYTES -> ByteBuffer.wrap(bytes(random.nextInt(20)));
            case FIXED -> new GenericData.Fixed(schema, bytes(schema.getFixedSize()));
            case ENUM -> new GenericData.EnumSymbol(schema,
                    schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())));
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (int i = random.nextInt(depth > 3 ? 1 : 5); i > 0; i--) {
                    items.add(value(schema.getElementType(), depth + 1));
                }
                yield items;
            }
            case MAP -> {
                Map<String, Object> map = new HashMap<>();
                for (int i = random.nextInt(depth > 3 ? 1 : 4); i > 0; i--) {
                    map.put("k" + random.nextInt(1000), value(schema.getValueType(), depth + 1));
                }
                yield map;
            }
            case UNION -> {
                List<Schema> types = schema.getTypes();
                Schema branch = types.get(random.nextInt(types.size()));
                // a recursive branch is taken rarely and never deep
                if (branch.getType() == Schema.Type.RECORD && branch.getName().startsWith("Event")
                        && (depth > 1 || random.nextInt(3) > 0)) {
                    yield null;
                }
                // an optional text or cohort is mostly present
                if (branch.getType() == Schema.Type.NULL && random.nextInt(4) > 0) {
                    branch = types.stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElse(branch);
                    if (branch.getType() == Schema.Type.RECORD && branch.getName().startsWith("Event")) {
                        yield null;
                    }
                }
                yield value(branch, depth + 1);
            }
            case RECORD -> {
                GenericRecord record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), value(field.schema(), depth + 1));
                }
                yield record;
            }
        };
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
