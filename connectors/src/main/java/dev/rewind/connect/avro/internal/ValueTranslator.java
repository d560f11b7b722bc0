package dev.rewind.connect.avro.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Converts values between Connect's data model and Avro's generic one, driven by a pair of schemas.
 *
 * <p>Writing is driven by the Avro schema and finds Connect struct fields by name, so a value may
 * be written with a registered schema whose field order differs ({@code use.latest.version}).
 * Stateless and thread-safe.
 */
public final class ValueTranslator {

    private static final long MILLIS_PER_DAY = 24L * 60 * 60 * 1000;

    private ValueTranslator() {
    }

    /** The Avro generic value of {@code value} (of Connect schema {@code connect}) written with {@code avro}. */
    public static Object toAvro(org.apache.avro.Schema avro, Schema connect, Object value) {
        if (value == null) {
            if (connect != null && connect.defaultValue() != null) {
                return toAvro(avro, connect, connect.defaultValue());
            }
            if (avro.getType() == org.apache.avro.Schema.Type.NULL || avro.isNullable()) {
                return null;
            }
            throw new DataException("null value for the non-optional Avro schema " + avro);
        }
        if (avro.getType() == org.apache.avro.Schema.Type.UNION) {
            return toAvro(SchemaTranslator.nonNullBranch(avro), connect, value);
        }
        if (avro.getLogicalType() instanceof LogicalTypes.Decimal) {
            BigDecimal decimal = (BigDecimal) value;
            return ByteBuffer.wrap(decimal.unscaledValue().toByteArray());
        }
        if (value instanceof java.util.Date date) {
            return avro.getLogicalType() instanceof LogicalTypes.Date ? (int) (date.getTime() / MILLIS_PER_DAY)
                    : avro.getType() == org.apache.avro.Schema.Type.INT ? (int) date.getTime() : (Object) date.getTime();
        }
        return switch (avro.getType()) {
            case INT -> ((Number) value).intValue();
            case LONG -> ((Number) value).longValue();
            case FLOAT -> ((Number) value).floatValue();
            case DOUBLE -> ((Number) value).doubleValue();
            case BOOLEAN -> (Boolean) value;
            case STRING -> value.toString();
            case ENUM -> new GenericData.EnumSymbol(avro, value.toString());
            case BYTES -> value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : (ByteBuffer) value;
            case FIXED -> new GenericData.Fixed(avro, value instanceof byte[] bytes ? bytes : toArray((ByteBuffer) value));
            case ARRAY -> array(avro, connect, value);
            case MAP -> {
                Map<String, Object> out = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((k, v) -> out.put(k.toString(),
                        toAvro(avro.getValueType(), connect == null ? null : connect.valueSchema(), v)));
                yield out;
            }
            case RECORD -> record(avro, (Struct) value);
            default -> throw new DataException("cannot write " + value.getClass().getName() + " as Avro " + avro);
        };
    }

    private static Object array(org.apache.avro.Schema avro, Schema connect, Object value) {
        org.apache.avro.Schema element = avro.getElementType();
        List<Object> out = new ArrayList<>();
        if (value instanceof Map<?, ?> map) {
            // a map with non-string keys is an array of MapEntry records
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                GenericData.Record record = new GenericData.Record(element);
                record.put("key", toAvro(element.getField("key").schema(), connect.keySchema(), entry.getKey()));
                record.put("value", toAvro(element.getField("value").schema(), connect.valueSchema(), entry.getValue()));
                out.add(record);
            }
            return out;
        }
        for (Object item : (Collection<?>) value) {
            out.add(toAvro(element, connect == null ? null : connect.valueSchema(), item));
        }
        return out;
    }

    private static GenericRecord record(org.apache.avro.Schema avro, Struct struct) {
        GenericData.Record record = new GenericData.Record(avro);
        for (org.apache.avro.Schema.Field field : avro.getFields()) {
            Field connectField = struct.schema().field(field.name());
            if (connectField == null) {
                if (!field.hasDefaultValue()) {
                    throw new DataException("Avro schema " + avro.getFullName() + " has field '" + field.name()
                            + "' without a default, which the Connect struct " + struct.schema().name() + " lacks");
                }
                record.put(field.pos(), GenericData.get().deepCopy(field.schema(), GenericData.get().getDefaultValue(field)));
                continue;
            }
            record.put(field.pos(), toAvro(field.schema(), connectField.schema(), struct.get(connectField)));
        }
        return record;
    }

    /** The Connect value of Avro generic {@code value} read with {@code avro}, for Connect schema {@code connect}. */
    public static Object toConnect(Schema connect, org.apache.avro.Schema avro, Object value) {
        if (value == null) {
            return null;
        }
        if (avro.getType() == org.apache.avro.Schema.Type.UNION) {
            return toConnect(connect, SchemaTranslator.nonNullBranch(avro), value);
        }
        String name = connect.name();
        if (Decimal.LOGICAL_NAME.equals(name)) {
            byte[] bytes = value instanceof ByteBuffer buffer ? toArray(buffer) : ((GenericFixed) value).bytes();
            return new BigDecimal(new BigInteger(bytes), Integer.parseInt(connect.parameters().get(Decimal.SCALE_FIELD)));
        }
        if (Date.LOGICAL_NAME.equals(name)) {
            return new java.util.Date(((Number) value).longValue() * MILLIS_PER_DAY);
        }
        if (Time.LOGICAL_NAME.equals(name) || Timestamp.LOGICAL_NAME.equals(name)) {
            return new java.util.Date(((Number) value).longValue());
        }
        return switch (connect.type()) {
            case INT8 -> ((Number) value).byteValue();
            case INT16 -> ((Number) value).shortValue();
            case INT32 -> ((Number) value).intValue();
            case INT64 -> ((Number) value).longValue();
            case FLOAT32 -> ((Number) value).floatValue();
            case FLOAT64 -> ((Number) value).doubleValue();
            case BOOLEAN -> (Boolean) value;
            case STRING -> value instanceof GenericEnumSymbol<?> symbol ? symbol.toString() : value.toString();
            case BYTES -> value instanceof ByteBuffer buffer ? toArray(buffer)
                    : value instanceof GenericFixed fixed ? fixed.bytes().clone() : (byte[]) value;
            case ARRAY -> {
                List<Object> out = new ArrayList<>();
                for (Object item : (Collection<?>) value) {
                    out.add(toConnect(connect.valueSchema(), avro.getElementType(), item));
                }
                yield out;
            }
            case MAP -> map(connect, avro, value);
            case STRUCT -> struct(connect, (GenericRecord) value);
        };
    }

    private static Map<Object, Object> map(Schema connect, org.apache.avro.Schema avro, Object value) {
        Map<Object, Object> out = new LinkedHashMap<>();
        if (avro.getType() == org.apache.avro.Schema.Type.ARRAY) {
            org.apache.avro.Schema entry = avro.getElementType();
            for (Object item : (Collection<?>) value) {
                GenericRecord record = (GenericRecord) item;
                out.put(toConnect(connect.keySchema(), entry.getField("key").schema(), record.get("key")),
                        toConnect(connect.valueSchema(), entry.getField("value").schema(), record.get("value")));
            }
            return out;
        }
        ((Map<?, ?>) value).forEach((k, v) -> out.put(k.toString(), toConnect(connect.valueSchema(), avro.getValueType(), v)));
        return out;
    }

    private static Struct struct(Schema connect, GenericRecord record) {
        Struct struct = new Struct(connect);
        for (Field field : connect.fields()) {
            org.apache.avro.Schema.Field avroField = record.getSchema().getField(field.name());
            struct.put(field, toConnect(field.schema(), avroField.schema(), record.get(avroField.pos())));
        }
        return struct;
    }

    /** A Connect default value to the Java value Avro's {@code Schema.Field} accepts as a default. */
    static Object avroDefault(org.apache.avro.Schema avro, Schema connect, Object connectDefault) {
        org.apache.avro.Schema branch = avro.getType() == org.apache.avro.Schema.Type.UNION
                ? avro.getTypes().get(0) : avro;
        Object value = toAvro(branch, connect, connectDefault);
        return jsonable(value);
    }

    private static Object jsonable(Object value) {
        if (value instanceof ByteBuffer buffer) {
            return toArray(buffer);
        }
        if (value instanceof GenericData.EnumSymbol symbol) {
            return symbol.toString();
        }
        if (value instanceof GenericFixed fixed) {
            return fixed.bytes();
        }
        if (value instanceof GenericRecord record) {
            Map<String, Object> out = new LinkedHashMap<>();
            record.getSchema().getFields().forEach(f -> out.put(f.name(), jsonable(record.get(f.pos()))));
            return out;
        }
        if (value instanceof Collection<?> items) {
            return items.stream().map(ValueTranslator::jsonable).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k.toString(), jsonable(v)));
            return out;
        }
        return value;
    }

    /** An Avro field default (as {@code Schema.Field#defaultVal()} gives it) as a Connect value, or null. */
    static Object connectDefault(org.apache.avro.Schema avro, Schema connect, Object avroDefault) {
        if (avroDefault == null || avroDefault == JsonProperties.NULL_VALUE) {
            return null;
        }
        if (connect.type() == Schema.Type.STRUCT) {
            return null; // Connect struct defaults are rarely used; Avro's default still applies when reading
        }
        try {
            Object generic = GenericData.get().deepCopy(avro, avroDefaultAsGeneric(avro, avroDefault));
            return toConnect(connect, avro, generic);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Object avroDefaultAsGeneric(org.apache.avro.Schema avro, Object value) {
        return switch (avro.getType()) {
            case BYTES -> value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
            case ENUM -> new GenericData.EnumSymbol(avro, value.toString());
            case FIXED -> new GenericData.Fixed(avro, (byte[]) value);
            default -> value;
        };
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
