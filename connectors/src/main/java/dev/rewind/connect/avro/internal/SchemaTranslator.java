package dev.rewind.connect.avro.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Translates schemas between Kafka Connect and Avro the way Confluent's {@code AvroData} does, so a
 * topic written through this converter reads the same with Confluent's and the other way round.
 *
 * <p>Rules (Confluent's): optional Connect schemas become {@code ["null", T]} unions with default
 * {@code null} ({@code [T, "null"]} when the default is not null); int8/int16 become Avro ints marked
 * {@code "connect.type"}; Connect's Decimal, Date, Time and Timestamp become the Avro logical types
 * decimal (bytes), date, time-millis and timestamp-millis; maps with string keys become Avro maps and
 * other maps arrays of {@code io.confluent.connect.avro.MapEntry} records; Avro enums become strings
 * carrying their symbols as parameters, fixed becomes bytes carrying its size. A struct without a name
 * becomes {@code io.confluent.connect.avro.ConnectDefault}.
 *
 * <p>The Avro schema a Connect schema was read from is remembered, so a record read and written
 * again unchanged is written with its original schema, byte for byte. Thread-safe.
 */
public final class SchemaTranslator {

    static final String NAMESPACE = "io.confluent.connect.avro";
    static final String DEFAULT_RECORD_NAME = NAMESPACE + ".ConnectDefault";
    static final String MAP_ENTRY_NAME = NAMESPACE + ".MapEntry";
    static final String ENUM_PARAMETER = NAMESPACE + ".Enum";
    static final String CONNECT_TYPE_PROP = "connect.type";
    static final String FIXED_SIZE_PARAMETER = "connect.fixed.size";
    static final String DECIMAL_PRECISION_PARAMETER = "connect.decimal.precision";
    private static final int DEFAULT_DECIMAL_PRECISION = 64;

    private final Map<org.apache.avro.Schema, Schema> toConnect;
    private final Map<Schema, org.apache.avro.Schema> toAvro;

    /** @param cacheSize schemas remembered in each direction (Confluent's {@code schemas.cache.config}) */
    public SchemaTranslator(int cacheSize) {
        this.toConnect = java.util.Collections.synchronizedMap(new Lru<>(cacheSize));
        this.toAvro = java.util.Collections.synchronizedMap(new Lru<>(cacheSize));
    }

    /** The Connect schema of values written with {@code avro}. */
    public Schema toConnect(org.apache.avro.Schema avro) {
        Schema cached = toConnect.get(avro);
        if (cached != null) {
            return cached;
        }
        Schema connect = avro.getType() == org.apache.avro.Schema.Type.UNION
                ? connectSchema(nonNullBranch(avro), true, null) : connectSchema(avro, false, null);
        toConnect.put(avro, connect);
        toAvro.putIfAbsent(connect, avro);
        return connect;
    }

    /** The Avro schema to write values of {@code connect} with. */
    public org.apache.avro.Schema toAvro(Schema connect) {
        org.apache.avro.Schema cached = toAvro.get(connect);
        if (cached != null) {
            return cached;
        }
        org.apache.avro.Schema avro = avroSchema(connect, new HashMap<>());
        toAvro.put(connect, avro);
        toConnect.putIfAbsent(avro, connect);
        return avro;
    }

    // ---------------------------------------------------------------- Connect -> Avro

    private org.apache.avro.Schema avroSchema(Schema connect, Map<String, org.apache.avro.Schema> named) {
        org.apache.avro.Schema base = avroNonNull(connect, named);
        if (!connect.isOptional()) {
            return base;
        }
        org.apache.avro.Schema nul = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL);
        return connect.defaultValue() == null ? org.apache.avro.Schema.createUnion(nul, base)
                : org.apache.avro.Schema.createUnion(base, nul);
    }

    private org.apache.avro.Schema avroNonNull(Schema connect, Map<String, org.apache.avro.Schema> named) {
        String name = connect.name();
        if (Decimal.LOGICAL_NAME.equals(name)) {
            int scale = Integer.parseInt(connect.parameters().get(Decimal.SCALE_FIELD));
            String precision = connect.parameters().get(DECIMAL_PRECISION_PARAMETER);
            return LogicalTypes.decimal(precision == null ? DEFAULT_DECIMAL_PRECISION : Integer.parseInt(precision), scale)
                    .addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES));
        }
        if (Date.LOGICAL_NAME.equals(name)) {
            return LogicalTypes.date().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT));
        }
        if (Time.LOGICAL_NAME.equals(name)) {
            return LogicalTypes.timeMillis().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT));
        }
        if (Timestamp.LOGICAL_NAME.equals(name)) {
            return LogicalTypes.timestampMillis().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
        }
        return switch (connect.type()) {
            case INT8, INT16 -> {
                org.apache.avro.Schema avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
                avro.addProp(CONNECT_TYPE_PROP, connect.type().getName());
                yield avro;
            }
            case INT32 -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
            case INT64 -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG);
            case FLOAT32 -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.FLOAT);
            case FLOAT64 -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.DOUBLE);
            case BOOLEAN -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BOOLEAN);
            case STRING -> stringOrEnum(connect, named);
            case BYTES -> bytesOrFixed(connect, named);
            case ARRAY -> org.apache.avro.Schema.createArray(avroSchema(connect.valueSchema(), named));
            case MAP -> map(connect, named);
            case STRUCT -> record(connect, named);
        };
    }

    private org.apache.avro.Schema stringOrEnum(Schema connect, Map<String, org.apache.avro.Schema> named) {
        Map<String, String> parameters = connect.parameters();
        if (parameters == null || !parameters.containsKey(ENUM_PARAMETER)) {
            return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING);
        }
        String enumName = parameters.get(ENUM_PARAMETER);
        List<String> symbols = new ArrayList<>();
        parameters.forEach((key, value) -> {
            if (key.startsWith(ENUM_PARAMETER + ".")) {
                symbols.add(value);
            }
        });
        return reuse(named, enumName, () -> org.apache.avro.Schema.createEnum(enumName, connect.doc(), null, symbols));
    }

    private org.apache.avro.Schema bytesOrFixed(Schema connect, Map<String, org.apache.avro.Schema> named) {
        Map<String, String> parameters = connect.parameters();
        if (parameters == null || !parameters.containsKey(FIXED_SIZE_PARAMETER) || connect.name() == null) {
            return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES);
        }
        int size = Integer.parseInt(parameters.get(FIXED_SIZE_PARAMETER));
        return reuse(named, connect.name(), () -> org.apache.avro.Schema.createFixed(connect.name(), connect.doc(), null, size));
    }

    private org.apache.avro.Schema map(Schema connect, Map<String, org.apache.avro.Schema> named) {
        if (connect.keySchema().type() == Schema.Type.STRING && !connect.keySchema().isOptional()) {
            return org.apache.avro.Schema.createMap(avroSchema(connect.valueSchema(), named));
        }
        org.apache.avro.Schema entry = reuse(named, MAP_ENTRY_NAME, () -> org.apache.avro.Schema.createRecord(
                MAP_ENTRY_NAME, null, null, false, List.of(
                        new org.apache.avro.Schema.Field("key", avroSchema(connect.keySchema(), named)),
                        new org.apache.avro.Schema.Field("value", avroSchema(connect.valueSchema(), named)))));
        return org.apache.avro.Schema.createArray(entry);
    }

    private org.apache.avro.Schema record(Schema connect, Map<String, org.apache.avro.Schema> named) {
        String name = connect.name() == null ? DEFAULT_RECORD_NAME : connect.name();
        org.apache.avro.Schema existing = named.get(name);
        if (existing != null) {
            return existing;
        }
        org.apache.avro.Schema record = org.apache.avro.Schema.createRecord(name, connect.doc(), null, false);
        named.put(name, record);
        List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
        for (Field field : connect.fields()) {
            org.apache.avro.Schema fieldSchema = avroSchema(field.schema(), named);
            Object defaultValue = field.schema().defaultValue() != null
                    ? ValueTranslator.avroDefault(fieldSchema, field.schema(), field.schema().defaultValue())
                    : field.schema().isOptional() ? JsonProperties.NULL_VALUE : null;
            fields.add(new org.apache.avro.Schema.Field(field.name(), fieldSchema, field.schema().doc(), defaultValue));
        }
        record.setFields(fields);
        return record;
    }

    private static org.apache.avro.Schema reuse(Map<String, org.apache.avro.Schema> named, String name,
                                                java.util.function.Supplier<org.apache.avro.Schema> create) {
        return named.computeIfAbsent(name, n -> create.get());
    }

    // ---------------------------------------------------------------- Avro -> Connect

    private Schema connectSchema(org.apache.avro.Schema avro, boolean optional, Object avroDefault) {
        SchemaBuilder builder = connectBuilder(avro);
        if (optional) {
            builder.optional();
        }
        if (avroDefault != null && avroDefault != JsonProperties.NULL_VALUE) {
            Object value = ValueTranslator.connectDefault(avro, builder.build(), avroDefault);
            if (value != null) {
                builder.defaultValue(value);
            }
        }
        return builder.build();
    }

    private SchemaBuilder connectBuilder(org.apache.avro.Schema avro) {
        LogicalType logical = avro.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal decimal) {
            return Decimal.builder(decimal.getScale())
                    .parameter(DECIMAL_PRECISION_PARAMETER, Integer.toString(decimal.getPrecision()));
        }
        if (logical instanceof LogicalTypes.Date) {
            return Date.builder();
        }
        if (logical instanceof LogicalTypes.TimeMillis) {
            return Time.builder();
        }
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return Timestamp.builder();
        }
        return switch (avro.getType()) {
            case INT -> {
                String connectType = avro.getProp(CONNECT_TYPE_PROP);
                yield "int8".equals(connectType) ? SchemaBuilder.int8()
                        : "int16".equals(connectType) ? SchemaBuilder.int16() : SchemaBuilder.int32();
            }
            case LONG -> SchemaBuilder.int64();
            case FLOAT -> SchemaBuilder.float32();
            case DOUBLE -> SchemaBuilder.float64();
            case BOOLEAN -> SchemaBuilder.bool();
            case STRING -> SchemaBuilder.string();
            case BYTES -> SchemaBuilder.bytes();
            case FIXED -> SchemaBuilder.bytes().name(avro.getFullName())
                    .parameter(FIXED_SIZE_PARAMETER, Integer.toString(avro.getFixedSize()));
            case ENUM -> enumBuilder(avro);
            case ARRAY -> arrayBuilder(avro);
            case MAP -> SchemaBuilder.map(Schema.STRING_SCHEMA, connectSchema(avro.getValueType(), false, null));
            case RECORD -> structBuilder(avro);
            case UNION -> throw new DataException("Avro union " + avro + " has more than one non-null branch; "
                    + "only unions of null and one type map to Connect (an optional schema)");
            case NULL -> throw new DataException("an Avro null schema outside a union has no Connect equivalent");
        };
    }

    private SchemaBuilder enumBuilder(org.apache.avro.Schema avro) {
        SchemaBuilder builder = SchemaBuilder.string().parameter(ENUM_PARAMETER, avro.getFullName());
        for (String symbol : avro.getEnumSymbols()) {
            builder.parameter(ENUM_PARAMETER + "." + symbol, symbol);
        }
        return avro.getDoc() == null ? builder : builder.doc(avro.getDoc());
    }

    private SchemaBuilder arrayBuilder(org.apache.avro.Schema avro) {
        org.apache.avro.Schema element = avro.getElementType();
        if (element.getType() == org.apache.avro.Schema.Type.RECORD && MAP_ENTRY_NAME.equals(element.getFullName())
                && element.getFields().size() == 2) {
            return SchemaBuilder.map(fieldSchema(element.getField("key")), fieldSchema(element.getField("value")));
        }
        return SchemaBuilder.array(connectSchema(element, false, null));
    }

    private SchemaBuilder structBuilder(org.apache.avro.Schema avro) {
        SchemaBuilder builder = SchemaBuilder.struct();
        if (!DEFAULT_RECORD_NAME.equals(avro.getFullName())) {
            builder.name(avro.getFullName());
        }
        if (avro.getDoc() != null) {
            builder.doc(avro.getDoc());
        }
        for (org.apache.avro.Schema.Field field : avro.getFields()) {
            builder.field(field.name(), fieldSchema(field));
        }
        return builder;
    }

    private Schema fieldSchema(org.apache.avro.Schema.Field field) {
        org.apache.avro.Schema schema = field.schema();
        Object defaultValue = field.hasDefaultValue() ? field.defaultVal() : null;
        if (schema.getType() == org.apache.avro.Schema.Type.UNION) {
            org.apache.avro.Schema single = nonNullBranch(schema);
            Schema connect = connectSchema(single, true, defaultValue);
            return withDoc(connect, field.doc());
        }
        return withDoc(connectSchema(schema, false, defaultValue), field.doc());
    }

    static org.apache.avro.Schema nonNullBranch(org.apache.avro.Schema union) {
        List<org.apache.avro.Schema> types = union.getTypes();
        List<org.apache.avro.Schema> nonNull = types.stream()
                .filter(t -> t.getType() != org.apache.avro.Schema.Type.NULL).toList();
        if (types.size() != 2 || nonNull.size() != 1) {
            throw new DataException("Avro union " + union + " is not a union of null and one type; only such "
                    + "unions map to Connect (an optional schema). Change the schema or read it with another converter");
        }
        return nonNull.get(0);
    }

    private static Schema withDoc(Schema schema, String doc) {
        if (doc == null || Objects.equals(doc, schema.doc()) || schema.type() == Schema.Type.STRUCT) {
            return schema;
        }
        // org.apache.kafka.connect.data.SchemaBuilder cannot copy a schema; rebuild with the field's doc
        return new org.apache.kafka.connect.data.ConnectSchema(schema.type(), schema.isOptional(),
                schema.defaultValue(), schema.name(), schema.version(), doc, schema.parameters(),
                schema.type() == Schema.Type.STRUCT ? schema.fields() : null,
                schema.type() == Schema.Type.MAP ? schema.keySchema() : null,
                schema.type() == Schema.Type.MAP || schema.type() == Schema.Type.ARRAY ? schema.valueSchema() : null);
    }

    private static final class Lru<K, V> extends LinkedHashMap<K, V> {
        private final int capacity;

        Lru(int capacity) {
            super(16, 0.75f, true);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
        }
    }
}
