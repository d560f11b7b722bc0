package dev.rewind.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.demo.release.CommitPushed;
import dev.rewind.schemas.avro.Cohort;
import dev.rewind.schemas.registry.InMemorySchemaRegistryClient;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SubjectNameStrategyTest {

    private static final Schema SCHEMA = CommitPushed.getClassSchema();

    @Test
    void topicNameStrategyUsesTheTopicAndWhetherItIsAKey() {
        assertThat(new TopicNameStrategy().subjectName("commits", false, SCHEMA)).isEqualTo("commits-value");
        assertThat(new TopicNameStrategy().subjectName("commits", true, SCHEMA)).isEqualTo("commits-key");
    }

    @Test
    void recordNameStrategyUsesTheRecordsFullName() {
        assertThat(new RecordNameStrategy().subjectName("commits", false, SCHEMA))
                .isEqualTo("dev.rewind.demo.release.CommitPushed");
    }

    @Test
    void topicRecordNameStrategyUsesBoth() {
        assertThat(new TopicRecordNameStrategy().subjectName("commits", true, SCHEMA))
                .isEqualTo("commits-dev.rewind.demo.release.CommitPushed");
    }

    @Test
    void theSerializerRegistersUnderTheSubjectOfTheConfiguredStrategy() {
        assertThat(subjectAfterSerializing(Map.of())).isEqualTo("release-value");
        assertThat(subjectAfterSerializing(Map.of(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY_CONFIG,
                "RecordNameStrategy"))).isEqualTo("dev.rewind.demo.release.CommitPushed");
        assertThat(subjectAfterSerializing(Map.of(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY_CONFIG,
                "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy")))
                .isEqualTo("release-dev.rewind.demo.release.CommitPushed");
    }

    @Test
    void keysUseTheKeyStrategy() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        AvroSerializer keys = new AvroSerializer(registry, Map.of(
                AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY_CONFIG, RecordNameStrategy.class.getName(),
                AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY_CONFIG, TopicNameStrategy.class.getName()), true);

        keys.serialize("release", "p1");

        assertThat(registry.subjects()).containsExactly("string");
    }

    private static String subjectAfterSerializing(Map<String, ?> config) {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        new AvroSerializer(registry, config, false).serialize("release", commit());
        assertThat(registry.subjects()).hasSize(1);
        return registry.subjects().get(0);
    }

    static CommitPushed commit() {
        return CommitPushed.newBuilder().setEventId("e-1")
                .setCohort(Cohort.newBuilder().setCustomer("acme").setPlan("pro").setProject("p1").build())
                .setRepository("rewind").setBranch("main").setCommitSha("abc123").setAuthor("ada").build();
    }
}
