package dev.rewind.engine.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

    private static final Schema SCHEMA = SchemaBuilder.record("Ping").namespace("test")
            .fields().requiredString("eventId").endRecord();

    @Test
    void componentVersionGroupIdJoinsComponentAndVersionWithADot() {
        ComponentVersion cv = new ComponentVersion("release-coordinator", "v23");

        assertThat(cv.groupId()).isEqualTo("release-coordinator.v23");
        assertThat(ComponentVersion.parse("release-coordinator.v23")).isEqualTo(cv);
    }

    @Test
    void componentVersionRejectsNamesThatWouldMakeTheGroupIdAmbiguous() {
        assertThatThrownBy(() -> new ComponentVersion("release.coordinator", "v1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("release.coordinator")
                .hasMessageContaining("[a-z0-9][a-z0-9-]*");
        assertThatThrownBy(() -> new ComponentVersion("rc", "V1"))
                .hasMessageContaining("version");
        assertThatThrownBy(() -> new ComponentVersion("-rc", "v1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ComponentVersion.parse("nodot"))
                .hasMessageContaining("<component>.<version>");
    }

    @Test
    void idsRejectBlankOrMalformedValues() {
        assertThat(EventId.of("e-1").value()).isEqualTo("e-1");
        assertThatThrownBy(() -> EventId.of(" ")).hasMessageContaining("eventId");
        assertThatThrownBy(() -> EventId.of("x".repeat(EventId.MAX_LENGTH + 1)))
                .hasMessageContaining("at most");
        assertThat(ReplayId.random().value()).hasSize(36);
        assertThatThrownBy(() -> ReplayId.of("a b")).hasMessageContaining("a b");
    }

    @Test
    void cohortExposesAbsentDimensionsAsEmptyAndComparesByValue() {
        Cohort cohort = Cohort.of("acme", null, "p1");

        assertThat(cohort.customer()).contains("acme");
        assertThat(cohort.plan()).isEmpty();
        assertThat(cohort.project()).contains("p1");
        assertThat(cohort).isEqualTo(Cohort.ofCustomer("acme").withProject("p1"))
                .hasSameHashCodeAs(Cohort.ofCustomer("acme").withProject("p1"));
        assertThat(cohort.toString()).isEqualTo("customer:acme,project:p1");
        assertThat(Cohort.none().toString()).isEqualTo("none");
        assertThatThrownBy(() -> Cohort.of("", null, null)).hasMessageContaining("customer");
    }

    @Test
    void replayModeCarriesItsIdAndRejectsAnEmptyWindow() {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        ProcessingMode replay = ProcessingMode.replay(ReplayId.of("r1"), from, from.plusSeconds(60));

        assertThat(replay.isReplay()).isTrue();
        assertThat(replay.replayId()).contains(ReplayId.of("r1"));
        assertThat(ProcessingMode.live().isReplay()).isFalse();
        assertThat(ProcessingMode.live().replayId()).isEmpty();
        assertThatThrownBy(() -> ProcessingMode.replay(ReplayId.of("r1"), from, from))
                .hasMessageContaining("from < to");
    }

    @Test
    void eventCopiesItsKeyAndHeadersAndDefaultsTheTypeToTheSchemaName() {
        GenericRecord payload = new GenericData.Record(SCHEMA);
        payload.put("eventId", "e-1");
        byte[] key = "p1".getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8));

        Event event = Event.builder().eventId("e-1").time(Instant.EPOCH).payload(payload)
                .key(key).headers(headers).source("t", 2, 7).build();
        key[0] = 'x';
        headers.add("late", new byte[0]);

        assertThat(event.type()).isEqualTo("test.Ping");
        assertThat(event.keyAsString()).isEqualTo("p1");
        assertThat(event.header("traceparent")).contains("00-abc");
        assertThat(event.header("late")).isEmpty();
        assertThat(event.position()).isEqualTo("t-2@7");
        assertThat(event.payloadAs(GenericRecord.class)).isSameAs(payload);
        assertThatThrownBy(() -> event.payloadAs(String.class))
                .isInstanceOf(ClassCastException.class)
                .hasMessageContaining("specific.avro.reader");
        assertThatThrownBy(() -> event.headers().add("x", new byte[0]))
                .isInstanceOf(IllegalStateException.class);
    }
}
