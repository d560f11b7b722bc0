package dev.rewind.registry.internal.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.rewind.registry.internal.compat.CompatibilityChecker.PreviousSchema;

/**
 * Real evolutions under each level. Expected outcomes follow Avro's resolution rules: a reader needs a default
 * for a field the writer lacks; it ignores writer fields it lacks; it matches a renamed field through its own
 * aliases; it promotes int to long and float to double but not back; string and bytes read each other.
 */
class CompatibilityCheckerTest {

    private static final String TWO_FIELDS = record(field("a", "\"int\""), field("b", "\"string\""));

    /** evolution name, old schema, new schema, then whether BACKWARD, FORWARD and FULL accept it. */
    static Stream<Arguments> evolutions() {
        return Stream.of(
                Arguments.of("add a field with a default", TWO_FIELDS,
                        record(field("a", "\"int\""), field("b", "\"string\""), fieldWithDefault("c", "\"string\"", "\"x\"")),
                        true, true, true),
                Arguments.of("add a field without a default", TWO_FIELDS,
                        record(field("a", "\"int\""), field("b", "\"string\""), field("c", "\"string\"")),
                        false, true, false),
                Arguments.of("remove a field that had a default",
                        record(field("a", "\"int\""), fieldWithDefault("b", "\"string\"", "\"x\"")),
                        record(field("a", "\"int\"")),
                        true, true, true),
                Arguments.of("remove a field without a default", TWO_FIELDS,
                        record(field("a", "\"int\"")),
                        true, false, false),
                Arguments.of("rename a field keeping the old name as an alias", TWO_FIELDS,
                        record(field("a", "\"int\""),
                                "{\"name\": \"bee\", \"type\": \"string\", \"aliases\": [\"b\"]}"),
                        true, false, false),
                Arguments.of("promote int to long", record(field("n", "\"int\"")), record(field("n", "\"long\"")),
                        true, false, false),
                Arguments.of("promote float to double", record(field("f", "\"float\"")),
                        record(field("f", "\"double\"")),
                        true, false, false),
                Arguments.of("change string to bytes", record(field("s", "\"string\"")),
                        record(field("s", "\"bytes\"")),
                        true, true, true),
                Arguments.of("change bytes to string", record(field("s", "\"bytes\"")),
                        record(field("s", "\"string\"")),
                        true, true, true),
                Arguments.of("change long to int", record(field("n", "\"long\"")), record(field("n", "\"int\"")),
                        false, true, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evolutions")
    void eachLevelJudgesARealEvolution(String evolution, String oldSchema, String newSchema,
                                       boolean backward, boolean forward, boolean full) {
        assertThat(compatible(CompatibilityLevel.BACKWARD, newSchema, oldSchema)).as("BACKWARD").isEqualTo(backward);
        assertThat(compatible(CompatibilityLevel.BACKWARD_TRANSITIVE, newSchema, oldSchema))
                .as("BACKWARD_TRANSITIVE").isEqualTo(backward);
        assertThat(compatible(CompatibilityLevel.FORWARD, newSchema, oldSchema)).as("FORWARD").isEqualTo(forward);
        assertThat(compatible(CompatibilityLevel.FORWARD_TRANSITIVE, newSchema, oldSchema))
                .as("FORWARD_TRANSITIVE").isEqualTo(forward);
        assertThat(compatible(CompatibilityLevel.FULL, newSchema, oldSchema)).as("FULL").isEqualTo(full);
        assertThat(compatible(CompatibilityLevel.FULL_TRANSITIVE, newSchema, oldSchema))
                .as("FULL_TRANSITIVE").isEqualTo(full);
        assertThat(compatible(CompatibilityLevel.NONE, newSchema, oldSchema)).as("NONE").isTrue();
    }

    /** level, three versions in order, where only the transitive form of the level rejects the third. */
    static Stream<Arguments> chains() {
        return Stream.of(
                Arguments.of(CompatibilityLevel.BACKWARD,
                        record(field("a", "\"int\"")),
                        record(field("a", "\"int\""), fieldWithDefault("b", "\"string\"", "\"x\"")),
                        record(field("a", "\"int\""), field("b", "\"string\""))),
                Arguments.of(CompatibilityLevel.FORWARD,
                        record(field("a", "\"int\""), field("b", "\"string\"")),
                        record(field("a", "\"int\""), fieldWithDefault("b", "\"string\"", "\"x\"")),
                        record(field("a", "\"int\""))),
                Arguments.of(CompatibilityLevel.FULL,
                        record(field("a", "\"int\"")),
                        record(fieldWithDefault("a", "\"int\"", "0")),
                        record(fieldWithDefault("b", "\"string\"", "\"x\""))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chains")
    void onlyTheTransitiveFormChecksAgainstEveryEarlierVersion(CompatibilityLevel level, String v1, String v2,
                                                               String v3) {
        CompatibilityLevel transitive = CompatibilityLevel.valueOf(level.name() + "_TRANSITIVE");
        assertThat(CompatibilityChecker.check(level, parse(v2), previous(v1))).as("v2 under " + level).isEmpty();
        assertThat(CompatibilityChecker.check(transitive, parse(v2), previous(v1))).as("v2 transitive").isEmpty();

        assertThat(CompatibilityChecker.check(level, parse(v3), previous(v1, v2))).as("v3 under " + level).isEmpty();
        assertThat(CompatibilityChecker.check(transitive, parse(v3), previous(v1, v2)))
                .as("v3 under " + transitive).singleElement().asString().contains("version 1");
    }

    @Test
    void explainsWhichVersionAndFieldAreTheProblem() {
        List<String> problems = CompatibilityChecker.check(CompatibilityLevel.FULL,
                parse(record(field("a", "\"int\""), field("c", "\"string\""))), previous(TWO_FIELDS));

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("READER_FIELD_MISSING_DEFAULT_VALUE", "the new schema cannot read",
                "version 1", "c");
        assertThat(problems.get(1)).contains("READER_FIELD_MISSING_DEFAULT_VALUE", "version 1 cannot read", "b");
    }

    @Test
    void anythingIsCompatibleWithNoEarlierVersion() {
        for (CompatibilityLevel level : CompatibilityLevel.values()) {
            assertThat(CompatibilityChecker.check(level, parse(TWO_FIELDS), List.of())).isEmpty();
        }
    }

    private static boolean compatible(CompatibilityLevel level, String newSchema, String oldSchema) {
        return CompatibilityChecker.check(level, parse(newSchema), previous(oldSchema)).isEmpty();
    }

    private static List<PreviousSchema> previous(String... schemas) {
        List<PreviousSchema> previous = new ArrayList<>();
        for (int i = 0; i < schemas.length; i++) {
            previous.add(new PreviousSchema("version " + (i + 1), parse(schemas[i])));
        }
        return previous;
    }

    private static Schema parse(String schema) {
        return new Schema.Parser().parse(schema);
    }

    private static String record(String... fields) {
        return "{\"type\": \"record\", \"name\": \"Evolving\", \"namespace\": \"dev.rewind.test\", \"fields\": ["
                + String.join(", ", fields) + "]}";
    }

    private static String field(String name, String type) {
        return "{\"name\": \"" + name + "\", \"type\": " + type + "}";
    }

    private static String fieldWithDefault(String name, String type, String defaultValue) {
        return "{\"name\": \"" + name + "\", \"type\": " + type + ", \"default\": " + defaultValue + "}";
    }
}
