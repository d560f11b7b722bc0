package dev.rewind.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryClientTest {

    private static final Schema V1 = SchemaBuilder.record("User").namespace("t").fields()
            .requiredString("name").endRecord();
    private static final Schema V2_WITH_DEFAULT = SchemaBuilder.record("User").namespace("t").fields()
            .requiredString("name").name("plan").type().stringType().stringDefault("free").endRecord();
    private static final Schema V2_WITHOUT_DEFAULT = SchemaBuilder.record("User").namespace("t").fields()
            .requiredString("name").requiredString("plan").endRecord();

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void equalSchemasShareOneIdAcrossSubjectsAndReRegisteringIsIdempotent() {
        int first = registry.register("a-value", V1);

        assertThat(registry.register("b-value", V1)).isEqualTo(first);
        assertThat(registry.register("a-value", V1)).isEqualTo(first);
        assertThat(registry.versions("a-value")).containsExactly(1);
        assertThat(registry.lookup("b-value", V1)).isEqualTo(new RegisteredSchema("b-value", 1, first, V1));
    }

    @Test
    void backwardCompatibilityAcceptsAnAddedFieldWithADefaultOnly() {
        registry.register("users-value", V1);

        assertThat(registry.testCompatibility("users-value", V2_WITHOUT_DEFAULT)).isFalse();
        assertThatThrownBy(() -> registry.register("users-value", V2_WITHOUT_DEFAULT))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA));
        int v2 = registry.register("users-value", V2_WITH_DEFAULT);

        assertThat(registry.getLatest("users-value")).isEqualTo(new RegisteredSchema("users-value", 2, v2, V2_WITH_DEFAULT));
    }

    @Test
    void levelNoneAcceptsAnythingForThatSubjectOnly() {
        registry.register("users-value", V1);
        registry.setCompatibility("users-value", CompatibilityLevel.NONE);

        registry.register("users-value", V2_WITHOUT_DEFAULT);

        assertThat(registry.getCompatibility("users-value")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(registry.getCompatibility("others-value")).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @Test
    void missingThingsAreReportedWithConfluentsCodes() {
        registry.register("users-value", V1);

        assertThat(codeOf(() -> registry.getById(404))).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
        assertThat(codeOf(() -> registry.getLatest("nobody"))).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
        assertThat(codeOf(() -> registry.getBySubjectAndVersion("users-value", 9)))
                .isEqualTo(SchemaRegistryException.VERSION_NOT_FOUND);
        assertThat(codeOf(() -> registry.lookup("users-value", V2_WITH_DEFAULT)))
                .isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
    }

    private static int codeOf(Runnable call) {
        try {
            call.run();
        } catch (SchemaRegistryException e) {
            return e.errorCode();
        }
        throw new AssertionError("expected a SchemaRegistryException");
    }
}
