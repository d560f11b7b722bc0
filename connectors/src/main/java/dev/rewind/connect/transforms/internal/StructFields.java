package dev.rewind.connect.transforms.internal;

import java.util.Optional;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * Reads a value by a dotted path ({@code customer.id}) and puts one top-level field into a struct,
 * keeping the schema's name, version, doc and parameters (as Connect's {@code InsertField} does).
 * Thread-safe.
 */
public final class StructFields {

    private final String fieldName;
    private final Schema fieldSchema;
    private final Cache<Schema, Schema> schemas = new SynchronizedCache<>(new LRUCache<>(64));

    /** Puts {@code fieldName} of {@code fieldSchema}, replacing a field of that name. */
    public StructFields(String fieldName, Schema fieldSchema) {
        this.fieldName = fieldName;
        this.fieldSchema = fieldSchema;
    }

    /** The struct with the field set to {@code value}. */
    public Struct put(Struct struct, Object value) {
        Schema schema = schemas.get(struct.schema());
        if (schema == null) {
            schema = withField(struct.schema());
            schemas.put(struct.schema(), schema);
        }
        Struct out = new Struct(schema);
        for (Field field : schema.fields()) {
            if (!field.name().equals(fieldName)) {
                out.put(field.name(), struct.get(field.name()));
            }
        }
        return out.put(fieldName, value);
    }

    private Schema withField(Schema schema) {
        SchemaBuilder builder = SchemaBuilder.struct().name(schema.name()).version(schema.version()).doc(schema.doc());
        if (schema.parameters() != null) {
            builder.parameters(schema.parameters());
        }
        if (schema.isOptional()) {
            builder.optional();
        }
        for (Field field : schema.fields()) {
            builder.field(field.name(), field.name().equals(fieldName) ? fieldSchema : field.schema());
        }
        if (schema.field(fieldName) == null) {
            builder.field(fieldName, fieldSchema);
        }
        return builder.build();
    }

    /** The value at a dotted path, empty when a step is missing or null. */
    public static Optional<Object> read(Struct struct, String path) {
        Object current = struct;
        for (String step : path.split("\\.")) {
            if (!(current instanceof Struct s) || s.schema().field(step) == null) {
                return Optional.empty();
            }
            current = s.get(step);
        }
        return Optional.ofNullable(current);
    }
}
