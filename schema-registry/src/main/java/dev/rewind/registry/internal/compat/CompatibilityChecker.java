package dev.rewind.registry.internal.compat;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Decides compatibility with Avro's own reader/writer check ({@link SchemaCompatibility}), the same one
 * Confluent's registry uses for Avro.
 */
public final class CompatibilityChecker {

    private CompatibilityChecker() {
    }

    /**
     * Checks a candidate schema against earlier ones under a level.
     *
     * @param level     the level in force
     * @param candidate the schema being registered or tested
     * @param previous  earlier live versions, oldest first, each with its version number for the messages;
     *                  non-transitive levels only look at the last one
     * @return why the candidate is incompatible; empty when it is compatible
     */
    public static List<String> check(CompatibilityLevel level, Schema candidate, List<PreviousSchema> previous) {
        List<String> problems = new ArrayList<>();
        if (level == CompatibilityLevel.NONE || previous.isEmpty()) {
            return problems;
        }
        List<PreviousSchema> against = level.transitive()
                ? previous
                : List.of(previous.get(previous.size() - 1));
        for (PreviousSchema earlier : against) {
            if (level.newReadsOld()) {
                describe(problems, "the new schema cannot read data written with " + earlier.label(),
                        SchemaCompatibility.checkReaderWriterCompatibility(candidate, earlier.schema()));
            }
            if (level.oldReadsNew()) {
                describe(problems, earlier.label() + " cannot read data written with the new schema",
                        SchemaCompatibility.checkReaderWriterCompatibility(earlier.schema(), candidate));
            }
        }
        return problems;
    }

    private static void describe(List<String> problems, String direction, SchemaPairCompatibility result) {
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            problems.add("{errorType:'" + incompatibility.getType() + "', description:'" + direction
                    + "', path:'" + incompatibility.getLocation() + "', detail:'" + incompatibility.getMessage()
                    + "'}");
        }
    }

    /** An earlier schema of the subject; {@code label} names it in messages ("version 3"). */
    public record PreviousSchema(String label, Schema schema) {
        public PreviousSchema {
            if (label == null || schema == null) {
                throw new IllegalArgumentException("label and schema are required");
            }
        }
    }
}
