package dev.rewind.schemas;

import dev.rewind.schemas.avro.Cohort;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The shape every event record must have for the engine to route it: a top-level {@code eventId}
 * string and a top-level {@code cohort} of type {@link Cohort}. The event type is the record's full
 * name and the event time is the Kafka record timestamp, so neither is a field.
 *
 * <p>Stateless and thread-safe.
 */
public final class EventConvention {

    /** Name of the top-level field holding the event's unique id. */
    public static final String EVENT_ID_FIELD = "eventId";

    /** Name of the top-level field holding the event's {@link Cohort}. */
    public static final String COHORT_FIELD = "cohort";

    private EventConvention() {
    }

    /**
     * Lists how {@code schema} breaks the convention.
     *
     * @return one sentence per violation; empty when the schema follows the convention
     */
    public static List<String> violations(Schema schema) {
        List<String> problems = new ArrayList<>();
        if (schema.getType() != Schema.Type.RECORD) {
            problems.add("event schema " + schema.getFullName() + " is a " + schema.getType()
                    + ", but events must be Avro records");
            return problems;
        }
        Schema.Field eventId = schema.getField(EVENT_ID_FIELD);
        if (eventId == null || eventId.schema().getType() != Schema.Type.STRING) {
            problems.add("event record " + schema.getFullName() + " needs a top-level field '"
                    + EVENT_ID_FIELD + "' of type string");
        }
        Schema.Field cohort = schema.getField(COHORT_FIELD);
        if (cohort == null || cohort.schema().getType() != Schema.Type.RECORD
                || !Cohort.getClassSchema().getFullName().equals(cohort.schema().getFullName())) {
            problems.add("event record " + schema.getFullName() + " needs a top-level field '"
                    + COHORT_FIELD + "' of type " + Cohort.getClassSchema().getFullName());
        }
        return problems;
    }

    /**
     * Checks that {@code schema} follows the convention.
     *
     * @throws IllegalArgumentException naming every violation
     */
    public static void require(Schema schema) {
        List<String> problems = violations(schema);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** Returns the first violation, if any; convenient for validation in a single expression. */
    public static Optional<String> firstViolation(Schema schema) {
        return violations(schema).stream().findFirst();
    }
}
