package dev.rewind.examples.release;

import dev.rewind.engine.processor.Cohort;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * One decision of the release coordinator, emitted to {@link ReleaseDemo#DECISIONS_TOPIC} as an
 * Avro {@code dev.rewind.demo.release.ReleaseDecision}.
 *
 * @param eventId the decision's id, derived from the triggering event so a replay reproduces it
 * @param cohort the cohort of the triggering event
 * @param project the project id
 * @param buildId the build the action is about
 * @param commitSha the build's commit, null if unknown
 * @param action what to do
 * @param reason a sentence for people
 * @param triggeredBy the id of the event that led to the decision
 */
public record ReleaseDecision(String eventId, Cohort cohort, String project, String buildId,
                              String commitSha, ReleaseAction action, String reason,
                              String triggeredBy) {

    /** The Avro schema, {@code dev.rewind.demo.release.ReleaseDecision}. */
    public static final Schema SCHEMA = loadSchema();

    /** Validates the required parts. */
    public ReleaseDecision {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(cohort, "cohort");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(buildId, "buildId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(triggeredBy, "triggeredBy");
    }

    /** The decision as an Avro record of {@link #SCHEMA}. */
    public GenericRecord toAvro() {
        Schema cohortSchema = SCHEMA.getField("cohort").schema();
        GenericData.Record avroCohort = new GenericData.Record(cohortSchema);
        avroCohort.put("customer", cohort.customer().orElse(null));
        avroCohort.put("plan", cohort.plan().orElse(null));
        avroCohort.put("project", cohort.project().orElse(null));
        GenericData.Record record = new GenericData.Record(SCHEMA);
        record.put("eventId", eventId);
        record.put("cohort", avroCohort);
        record.put("project", project);
        record.put("buildId", buildId);
        record.put("commitSha", commitSha);
        record.put("action", new GenericData.EnumSymbol(SCHEMA.getField("action").schema(),
                action.name()));
        record.put("reason", reason);
        record.put("triggeredBy", triggeredBy);
        return record;
    }

    private static Schema loadSchema() {
        try (InputStream in = ReleaseDecision.class.getResourceAsStream("/avro/ReleaseDecision.avsc")) {
            if (in == null) {
                throw new IllegalStateException("avro/ReleaseDecision.avsc is missing from the classpath");
            }
            // the decision refers to rewind's Cohort by name, so the parser must know it first
            Schema.Parser parser = new Schema.Parser();
            parser.addTypes(List.of(dev.rewind.schemas.avro.Cohort.getClassSchema()));
            return parser.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
