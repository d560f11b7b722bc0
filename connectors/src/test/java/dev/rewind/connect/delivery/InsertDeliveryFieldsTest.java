package dev.rewind.connect.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class InsertDeliveryFieldsTest {

    static final Schema DECISION = SchemaBuilder.struct().name("demo.Decision")
            .field("action", Schema.STRING_SCHEMA).build();

    static SinkRecord output(ConnectHeaders headers) {
        return new SinkRecord("decisions", 0, null, null, DECISION, new Struct(DECISION).put("action", "HOLD"), 5L,
                1L, org.apache.kafka.common.record.TimestampType.CREATE_TIME, headers);
    }

    private static InsertDeliveryFields<SinkRecord> transform() {
        InsertDeliveryFields<SinkRecord> transform = new InsertDeliveryFields<>();
        transform.configure(Map.of());
        return transform;
    }

    @Test
    void copiesEventIdVersionAndReplayIdHeadersIntoColumns() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addBytes("rewind.event-id", "e-1".getBytes(StandardCharsets.UTF_8));
        headers.addString("rewind.version", "v2");
        headers.addString("rewind.replay-id", "r-9");

        Struct value = (Struct) transform().apply(output(headers)).value();

        assertThat(value.getString("rewind_event_id")).isEqualTo("e-1");
        assertThat(value.getString("rewind_version")).isEqualTo("v2");
        assertThat(value.getString("rewind_replay_id")).isEqualTo("r-9");
        assertThat(value.getString("action")).isEqualTo("HOLD");
    }

    @Test
    void leavesTheReplayIdNullOnLiveOutputs() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("rewind.event-id", "e-1");
        headers.addString("rewind.version", "v1");

        Struct value = (Struct) transform().apply(output(headers)).value();

        assertThat(value.getString("rewind_replay_id")).isNull();
        assertThat(value.schema().field("rewind_replay_id").schema().isOptional()).isTrue();
    }

    @Test
    void failsAnOutputWithoutTheEventIdSoTheSinksDeadLetterQueueTakesIt() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("rewind.version", "v1");

        assertThatThrownBy(() -> transform().apply(output(headers)))
                .isInstanceOf(DataException.class).hasMessageContaining("rewind.event-id");
    }
}
