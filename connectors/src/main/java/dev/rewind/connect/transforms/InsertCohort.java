package dev.rewind.connect.transforms;

import dev.rewind.connect.RewindHeaders;
import dev.rewind.connect.transforms.internal.Rejection;
import dev.rewind.connect.transforms.internal.StructFields;
import dev.rewind.schemas.EventConvention;
import dev.rewind.schemas.avro.Cohort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Gives a record's value the top-level {@code cohort} every rewind event has ({@link EventConvention}:
 * a {@code dev.rewind.schemas.avro.Cohort} record of optional {@code customer}, {@code plan},
 * {@code project}), filled from configured value fields, and copies each dimension into a header
 * ({@code rewind.cohort.customer}, ...) so consumers can see the cohort without decoding the value.
 *
 * <p>Each dimension comes from {@code <dimension>.field} (a dotted path; any primitive, as text) or,
 * when that is unset or null in the record, from {@code <dimension>.default}. A dimension listed in
 * {@code required} that ends up empty rejects the record: to {@code errors.topic} with the reason, or
 * as a failure for {@code errors.tolerance} to decide. Thread-safe once configured.
 */
public class InsertCohort<R extends ConnectRecord<R>> implements Transformation<R> {

    /** The dimensions of {@code Cohort}, in schema order. */
    public static final List<String> DIMENSIONS = List.of("customer", "plan", "project");
    public static final String FIELD_SUFFIX = ".field";
    public static final String DEFAULT_SUFFIX = ".default";
    public static final String REQUIRED_CONFIG = "required";
    public static final String REQUIRED_DOC = "Dimensions (customer, plan, project) a record must have; a record "
            + "without one is rejected. Default: none.";

    /** The Connect schema of rewind's Cohort record, named as the Avro record so the converter writes that. */
    public static final Schema COHORT_SCHEMA = cohortSchema();

    public static final ConfigDef CONFIG_DEF = configDef();

    private static final StructFields COHORT = new StructFields(EventConvention.COHORT_FIELD, COHORT_SCHEMA);

    private final Map<String, String> fields = new LinkedHashMap<>();
    private final Map<String, String> defaults = new LinkedHashMap<>();
    private List<String> required;
    private Rejection rejection;

    @Override
    public void configure(Map<String, ?> configs) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, configs, false);
        for (String dimension : DIMENSIONS) {
            putIfSet(fields, dimension, config.getString(dimension + FIELD_SUFFIX));
            putIfSet(defaults, dimension, config.getString(dimension + DEFAULT_SUFFIX));
        }
        this.required = config.getList(REQUIRED_CONFIG);
        for (String dimension : required) {
            if (!DIMENSIONS.contains(dimension)) {
                throw new ConfigException(REQUIRED_CONFIG, required, "unknown dimension '" + dimension + "'; use "
                        + String.join(", ", DIMENSIONS));
            }
        }
        if (fields.isEmpty() && defaults.isEmpty()) {
            throw new ConfigException("no cohort dimension configured: set at least one of customer.field, plan.field, "
                    + "project.field (or a .default)");
        }
        this.rejection = new Rejection(config.getString(Rejection.ERRORS_TOPIC_CONFIG), getClass());
    }

    private static void putIfSet(Map<String, String> into, String dimension, String value) {
        if (value != null && !value.isBlank()) {
            into.put(dimension, value.strip());
        }
    }

    @Override
    public R apply(R record) {
        if (record.value() == null || Rejection.isRejected(record)) {
            return record;
        }
        if (!(record.value() instanceof Struct value)) {
            return rejection.reject(record, "value is a " + record.value().getClass().getName()
                    + ", not a Struct; rewind events need a schema (use a converter or source connector with schemas)");
        }
        Struct cohort = new Struct(COHORT_SCHEMA);
        List<String> missing = new ArrayList<>();
        for (String dimension : DIMENSIONS) {
            String path = fields.get(dimension);
            String found = path == null ? null
                    : StructFields.read(value, path).map(Object::toString).filter(s -> !s.isBlank()).orElse(null);
            String chosen = found != null ? found : defaults.get(dimension);
            cohort.put(dimension, chosen);
            if (chosen == null && required.contains(dimension)) {
                missing.add(dimension + (path == null ? "" : " (field '" + path + "')"));
            }
        }
        if (!missing.isEmpty()) {
            return rejection.reject(record, "cohort dimension missing, null or blank: " + String.join(", ", missing));
        }
        Struct shaped = COHORT.put(value, cohort);
        Headers headers = record.headers().duplicate();
        for (String dimension : DIMENSIONS) {
            headers.remove(RewindHeaders.COHORT_PREFIX + dimension);
            if (cohort.getString(dimension) != null) {
                headers.addString(RewindHeaders.COHORT_PREFIX + dimension, cohort.getString(dimension));
            }
        }
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                shaped.schema(), shaped, record.timestamp(), headers);
    }

    private static Schema cohortSchema() {
        SchemaBuilder builder = SchemaBuilder.struct().name(Cohort.getClassSchema().getFullName())
                .doc(Cohort.getClassSchema().getDoc());
        DIMENSIONS.forEach(d -> builder.field(d, Schema.OPTIONAL_STRING_SCHEMA));
        return builder.build();
    }

    private static ConfigDef configDef() {
        ConfigDef config = new ConfigDef();
        for (String dimension : DIMENSIONS) {
            config.define(dimension + FIELD_SUFFIX, ConfigDef.Type.STRING, null, ConfigDef.Importance.HIGH,
                    "Dotted path of the value field holding the " + dimension + " (e.g. '" + dimension + "Id').");
            config.define(dimension + DEFAULT_SUFFIX, ConfigDef.Type.STRING, null, ConfigDef.Importance.LOW,
                    "The " + dimension + " of records whose " + dimension + ".field is unset or null.");
        }
        config.define(REQUIRED_CONFIG, ConfigDef.Type.LIST, List.of(), ConfigDef.Importance.MEDIUM, REQUIRED_DOC);
        return Rejection.define(config);
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void close() {
    }
}
