package dev.rewind.connect.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class InsertCohortTest {

    static final Schema ACCOUNT = SchemaBuilder.struct().name("crm.Account")
            .field("id", Schema.STRING_SCHEMA).field("tier", Schema.OPTIONAL_STRING_SCHEMA).build();
    static final Schema BUILD = SchemaBuilder.struct().name("ci.Build")
            .field("project", Schema.INT32_SCHEMA)
            .field("account", ACCOUNT)
            .build();

    static SourceRecord record(String tier) {
        Struct value = new Struct(BUILD).put("project", 7)
                .put("account", new Struct(ACCOUNT).put("id", "acme").put("tier", tier));
        return new SourceRecord(Map.of(), Map.of("p", 1), "builds", null, null, null, BUILD, value);
    }

    private static InsertCohort<SourceRecord> transform(Map<String, ?> configs) {
        InsertCohort<SourceRecord> transform = new InsertCohort<>();
        transform.configure(configs);
        return transform;
    }

    @Test
    void fillsTheCohortFromNestedFieldsAndCopiesItIntoHeaders() {
        SourceRecord out = transform(Map.of("customer.field", "account.id", "plan.field", "account.tier",
                "project.field", "project")).apply(record("enterprise"));

        Struct cohort = ((Struct) out.value()).getStruct("cohort");
        assertThat(cohort.schema().name()).isEqualTo("dev.rewind.schemas.avro.Cohort");
        assertThat(cohort.getString("customer")).isEqualTo("acme");
        assertThat(cohort.getString("plan")).isEqualTo("enterprise");
        assertThat(cohort.getString("project")).isEqualTo("7");
        assertThat(out.headers().lastWithName("rewind.cohort.customer").value()).isEqualTo("acme");
        assertThat(out.headers().lastWithName("rewind.cohort.project").value()).isEqualTo("7");
    }

    @Test
    void usesTheDefaultWhenTheFieldIsNullAndLeavesOutHeadersOfEmptyDimensions() {
        SourceRecord out = transform(Map.of("customer.field", "account.id", "plan.field", "account.tier",
                "plan.default", "free")).apply(record(null));

        Struct cohort = ((Struct) out.value()).getStruct("cohort");
        assertThat(cohort.getString("plan")).isEqualTo("free");
        assertThat(cohort.getString("project")).isNull();
        assertThat(out.headers().lastWithName("rewind.cohort.project")).isNull();
    }

    @Test
    void routesARecordMissingARequiredDimensionToTheErrorTopic() {
        SourceRecord out = transform(Map.of("plan.field", "account.tier", "required", "plan",
                "errors.topic", "builds.errors")).apply(record(null));

        assertThat(out.topic()).isEqualTo("builds.errors");
        assertThat(out.headers().lastWithName("__connect.errors.exception.message").value().toString())
                .contains("plan (field 'account.tier')");
    }

    @Test
    void leavesRecordsAnEarlierTransformRejectedAlone() {
        InsertEventId<SourceRecord> ids = new InsertEventId<>();
        ids.configure(Map.of("field", "missing", "errors.topic", "builds.errors"));
        SourceRecord rejected = ids.apply(record("pro"));

        SourceRecord out = transform(Map.of("plan.field", "account.tier", "required", "plan")).apply(rejected);

        assertThat(out).isSameAs(rejected);
    }

    @Test
    void refusesAConfigurationWithoutAnyDimensionOrWithAnUnknownRequiredOne() {
        assertThatThrownBy(() -> transform(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("customer.field");
        assertThatThrownBy(() -> transform(Map.of("plan.field", "x", "required", "region")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("region");
    }
}
