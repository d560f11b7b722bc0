package dev.rewind.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.demo.release.BuildFinished;
import dev.rewind.demo.release.CommitPushed;
import dev.rewind.demo.release.DeployFinished;
import dev.rewind.demo.release.TestsReported;
import dev.rewind.schemas.avro.Cohort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class EventConventionTest {

    private static final String DEMO_NAMESPACE = "dev.rewind.demo.release";

    @Test
    void everyDemoRecordInTheAvroSourcesFollowsTheEventConvention() throws IOException {
        List<Schema> demoRecords = demoRecordsFromSources();

        assertThat(demoRecords).extracting(Schema::getName)
                .containsExactlyInAnyOrder("CommitPushed", "BuildFinished", "TestsReported", "DeployFinished");
        assertThat(demoRecords).allSatisfy(schema ->
                assertThat(EventConvention.violations(schema)).as(schema.getFullName()).isEmpty());
    }

    @Test
    void everyGeneratedDemoClassCarriesTheConventionalSchema() {
        Stream.of(CommitPushed.getClassSchema(), BuildFinished.getClassSchema(),
                        TestsReported.getClassSchema(), DeployFinished.getClassSchema())
                .forEach(EventConvention::require);
    }

    @Test
    void aRecordWithoutEventIdOrWithAForeignCohortIsRejectedWithBothReasons() {
        Schema foreignCohort = SchemaBuilder.record("Cohort").namespace("elsewhere").fields()
                .optionalString("customer").endRecord();
        Schema bad = SchemaBuilder.record("Bad").namespace(DEMO_NAMESPACE).fields()
                .requiredLong("eventId")
                .name("cohort").type(foreignCohort).noDefault()
                .endRecord();

        assertThat(EventConvention.violations(bad)).hasSize(2);
        assertThatThrownBy(() -> EventConvention.require(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'eventId' of type string")
                .hasMessageContaining("'cohort' of type " + Cohort.getClassSchema().getFullName());
    }

    @Test
    void aNonRecordSchemaIsNotAnEvent() {
        assertThat(EventConvention.firstViolation(Schema.create(Schema.Type.STRING)))
                .hasValueSatisfying(message -> assertThat(message).contains("must be Avro records"));
    }

    private static List<Schema> demoRecordsFromSources() throws IOException {
        Path avroDir = Path.of("src", "main", "avro");
        Schema.Parser parser = new Schema.Parser();
        parser.parse(avroDir.resolve("Cohort.avsc").toFile());
        try (Stream<Path> files = Files.list(avroDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".avsc"))
                    .filter(f -> !f.getFileName().toString().equals("Cohort.avsc")).sorted().toList()) {
                parser.parse(file.toFile());
            }
        }
        return parser.getTypes().values().stream()
                .filter(s -> s.getType() == Schema.Type.RECORD)
                .filter(s -> DEMO_NAMESPACE.equals(s.getNamespace()))
                .toList();
    }
}
