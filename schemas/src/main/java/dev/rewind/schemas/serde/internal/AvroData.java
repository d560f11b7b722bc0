package dev.rewind.schemas.serde.internal;

import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/** Which schema and which datum writer fit a value handed to the serializer. */
public final class AvroData {

    /**
     * Generic data that writes both raw longs and {@code java.time} values for the date and time
     * logical types, so a GenericRecord built either way serializes.
     */
    private static final GenericData GENERIC_WRITE_DATA = genericWithTimeConversions();

    private AvroData() {
    }

    /**
     * Returns the schema of a record or of a primitive as Confluent's serializer maps it.
     *
     * @throws SerializationException for types Avro cannot write without a schema
     */
    public static Schema schemaOf(Object value) {
        if (value instanceof GenericContainer container) {
            return container.getSchema();
        }
        if (value instanceof CharSequence) {
            return Schema.create(Schema.Type.STRING);
        }
        if (value instanceof Integer) {
            return Schema.create(Schema.Type.INT);
        }
        if (value instanceof Long) {
            return Schema.create(Schema.Type.LONG);
        }
        if (value instanceof Float) {
            return Schema.create(Schema.Type.FLOAT);
        }
        if (value instanceof Double) {
            return Schema.create(Schema.Type.DOUBLE);
        }
        if (value instanceof Boolean) {
            return Schema.create(Schema.Type.BOOLEAN);
        }
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            return Schema.create(Schema.Type.BYTES);
        }
        throw new SerializationException("cannot serialize a " + value.getClass().getName() + " with Avro: pass a "
                + "SpecificRecord, a GenericRecord (or other GenericContainer), or a string, int, long, float, "
                + "double, boolean or byte array");
    }

    /** Returns a writer for values of {@code type} written with {@code schema}. */
    public static DatumWriter<Object> writerFor(Schema schema, Class<?> type) {
        if (SpecificRecord.class.isAssignableFrom(type)) {
            // the class's own model carries the conversions its generated fields need (Instant, ...)
            return new SpecificDatumWriter<>(schema, SpecificData.getForClass(type));
        }
        return new GenericDatumWriter<>(schema, GENERIC_WRITE_DATA);
    }

    private static GenericData genericWithTimeConversions() {
        GenericData data = new GenericData();
        data.addLogicalTypeConversion(new TimeConversions.DateConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        data.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
        data.addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
        return data;
    }
}
