package dev.rewind.connect.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class InsertEventIdTest {

    static final Schema ORDER = SchemaBuilder.struct().name("shop.Order")
            .field("id", Schema.INT64_SCHEMA)
            .field("customer", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    static SourceRecord record(Map<String, ?> partition, Map<String, ?> offset, Struct value) {
        return new SourceRecord(partition, offset, "orders", null, Schema.STRING_SCHEMA, "k", value.schema(), value);
    }

    static Struct order(long id) {
        return new Struct(ORDER).put("id", id).put("customer", "acme");
    }

    private static InsertEventId<SourceRecord> transform(Map<String, ?> configs) {
        InsertEventId<SourceRecord> transform = new InsertEventId<>();
        transform.configure(configs);
        return transform;
    }

    @Test
    void takesTheEventIdFromTheConfiguredFieldAndCopiesItIntoTheHeader() {
        SourceRecord out = transform(Map.of("field", "id")).apply(record(Map.of("file", "a"), Map.of("position", 1L), order(42)));

        Struct value = (Struct) out.value();
        assertThat(value.getString("eventId")).isEqualTo("42");
        assertThat(value.getInt64("id")).isEqualTo(42L);
        assertThat(out.valueSchema().name()).isEqualTo("shop.Order");
        assertThat(out.headers().lastWithName("rewind.event-id").value()).isEqualTo("42");
    }

    @Test
    void derivesTheSameIdFromTheSameSourcePositionWhateverTheMapOrder() {
        Map<String, Object> offset = new LinkedHashMap<>();
        offset.put("lsn", 10L);
        offset.put("txId", 7);
        Map<String, Object> reordered = new LinkedHashMap<>();
        reordered.put("txId", 7);
        reordered.put("lsn", 10L);
        InsertEventId<SourceRecord> transform = transform(Map.of("namespace", "orders-db"));

        String first = ((Struct) transform.apply(record(Map.of("db", "shop"), offset, order(1))).value()).getString("eventId");
        String again = ((Struct) transform(Map.of("namespace", "orders-db"))
                .apply(record(Map.of("db", "shop"), reordered, order(1))).value()).getString("eventId");
        String next = ((Struct) transform.apply(record(Map.of("db", "shop"), Map.of("lsn", 11L, "txId", 7), order(1)))
                .value()).getString("eventId");
        String otherNamespace = ((Struct) transform(Map.of("namespace", "other"))
                .apply(record(Map.of("db", "shop"), offset, order(1))).value()).getString("eventId");

        assertThat(first).isEqualTo(again).isNotEqualTo(next).isNotEqualTo(otherNamespace);
    }

    @Test
    void routesARecordWithoutTheIdFieldToTheErrorTopicWithTheReason() {
        Schema noId = SchemaBuilder.struct().name("shop.Order").field("id", Schema.OPTIONAL_INT64_SCHEMA).build();
        SourceRecord in = new SourceRecord(Map.of(), Map.of("position", 1L), "orders", null, null, null, noId,
                new Struct(noId).put("id", null));

        SourceRecord out = transform(Map.of("field", "id", "errors.topic", "orders.errors")).apply(in);

        assertThat(out.topic()).isEqualTo("orders.errors");
        assertThat(out.value()).isSameAs(in.value());
        assertThat(out.headers().lastWithName("__connect.errors.exception.message").value().toString())
                .contains("'id'").contains("missing, null or blank");
        assertThat(out.headers().lastWithName("__connect.errors.topic").value()).isEqualTo("orders");
    }

    @Test
    void failsForErrorsToleranceToDecideWhenNoErrorTopicIsSet() {
        SourceRecord schemaless = new SourceRecord(Map.of(), Map.of("p", 1), "orders", null, Map.of("id", 1));

        assertThatThrownBy(() -> transform(Map.of()).apply(schemaless))
                .isInstanceOf(DataException.class).hasMessageContaining("not a Struct").hasMessageContaining("errors.topic");
    }

    @Test
    void rejectsARecordWithoutASourceOffsetWhenDeriving() {
        SourceRecord out = transform(Map.of("errors.topic", "errs")).apply(record(Map.of(), null, order(1)));

        assertThat(out.topic()).isEqualTo("errs");
        assertThat(out.headers().lastWithName("__connect.errors.exception.message").value().toString())
                .contains("no source offset");
    }
}
