package dev.rewind.protocol.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.schemas.avro.ReplayAction;
import dev.rewind.schemas.avro.ReplayCommand;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StartReplayTest {

    private static final Instant FROM = Instant.parse("2026-11-26T10:00:00Z");

    static ReplayCommand.Builder command() {
        return ReplayCommand.newBuilder().setReplayId("r-1").setComponent("rc").setVersion("v2")
                .setSelector("customer:acme").setFrom(FROM).setTo(FROM.plusSeconds(60)).setDryRun(false)
                .setMaxEventsPerSecond(null).setReason("fix").setAuthor("ann").setRequestedAt(FROM.plusSeconds(61))
                .setAction(ReplayAction.START);
    }

    @Test
    void readsAStartCommandIntoTypedValues() {
        StartReplay start = StartReplay.fromAvro(command().setMaxEventsPerSecond(50.0).build());

        assertThat(start.target()).isEqualTo(new ComponentVersion("rc", "v2"));
        assertThat(start.selector()).isEqualTo(CohortSelector.customer("acme"));
        assertThat(start.window()).isEqualTo(ReplayWindow.of(FROM, FROM.plusSeconds(60)));
        assertThat(start.maxEventsPerSecond()).hasValue(50.0);
        assertThat(start.author()).isEqualTo("ann");
        assertThat(StartReplay.fromAvro(start.toAvro())).isEqualTo(start);
    }

    @Test
    void aCancelRecordIsNotAStartAndAStartIsNotACancel() {
        ControlKey commandKey = ControlKey.parse("command/r-1");
        ControlKey cancelKey = ControlKey.parse("command/r-1/cancel");
        ReplayCommand cancel = command().setAction(ReplayAction.CANCEL).setAuthor("bob").build();

        assertThat(ControlValue.fromAvro(commandKey, cancel)).isEmpty();
        assertThat(ControlValue.fromAvro(cancelKey, command().build())).isEmpty();
        assertThat(ControlValue.fromAvro(cancelKey, cancel)).get().isInstanceOfSatisfying(CancelReplay.class,
                c -> assertThat(c.author()).isEqualTo("bob"));
        assertThatThrownBy(() -> CancelReplay.fromAvro(command().build())).hasMessageContaining("not a CANCEL");
    }

    @Test
    void aValueUnderAnotherReplaysKeyIsIgnored() {
        assertThat(ControlValue.fromAvro(ControlKey.parse("command/r-2"), command().build())).isEmpty();
    }

    @Test
    void refusesInvalidCommands() {
        assertThatThrownBy(() -> StartReplay.fromAvro(command().setTo(FROM).build()))
                .hasMessageContaining("from < to");
        assertThatThrownBy(() -> StartReplay.fromAvro(command().setSelector("team:x").build()))
                .hasMessageContaining("team:x");
        assertThatThrownBy(() -> StartReplay.fromAvro(command().setMaxEventsPerSecond(0.0).build()))
                .hasMessageContaining("maxEventsPerSecond");
        assertThatThrownBy(() -> StartReplay.fromAvro(command().setReplayId("a/b").build()))
                .hasMessageContaining("a/b");
    }

    @Test
    void everyValueRoundTripsThroughItsAvroRecordUnderItsKey() {
        StartReplay start = StartReplay.fromAvro(command().build());
        org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition("commits", 3);
        ReplayId id = start.replayId();
        java.util.List<ControlValue> values = java.util.List.of(start,
                CancelReplay.of(start, "bob", FROM.plusSeconds(90)),
                new ReplayPlan(id, start.target(), tp, 4, 40, FROM.plusSeconds(62)),
                new ReplayProgress(id, start.target(), tp, 20, new ReplayCounts(3, 13, 0),
                        ReplayProgress.State.RUNNING, FROM.plusSeconds(63), "i-1", java.util.Optional.empty()),
                new DryRunReport(id, start.target(), start.selector(), start.window(), 5, 4, 1, 0, 0, 0,
                        java.util.List.of(new DryRunReport.Difference("e-1", DryRunReport.DifferenceKind.CHANGED,
                                "out", java.util.Optional.of("k"), java.util.Optional.of("{}"),
                                java.util.Optional.of("{\"a\":1}"))),
                        false, java.util.Optional.empty(), FROM.plusSeconds(70), "i-2"));
        for (ControlValue value : values) {
            ControlKey key = ControlKey.parse(value.key().encode());
            assertThat(key).isEqualTo(value.key());
            assertThat(ControlValue.fromAvro(key, value.toAvro())).contains(value);
        }
    }
}
