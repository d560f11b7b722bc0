package dev.rewind.protocol.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.schemas.avro.ReplayAction;
import dev.rewind.schemas.avro.ReplayCommand;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.LongStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RedriveCommandTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final TopicPartition TP0 = new TopicPartition("events", 0);
    private static final TopicPartition TP1 = new TopicPartition("events", 1);

    private static StartReplay redrive(EventSelection events) {
        return new StartReplay(ReplayId.of("rd-1"), new ComponentVersion("rc", "v2"), CohortSelector.DEFAULT,
                new ReplayWindow(T0, T0.plusSeconds(60)), false, OptionalDouble.of(50), "fix", "ada", T0,
                Optional.of(events));
    }

    @Test
    void aRedriveIsARedriveCommandUnderTheStartKeyAndRoundTrips() {
        EventSelection events = EventSelection.of(List.of(new EventSelection.SourceOffset("events", 1, 7),
                new EventSelection.SourceOffset("events", 0, 42), new EventSelection.SourceOffset("events", 0, 3),
                new EventSelection.SourceOffset("events", 0, 42)));
        StartReplay start = redrive(events);

        ReplayCommand avro = start.toAvro();
        assertThat(avro.getAction()).isEqualTo(ReplayAction.REDRIVE);
        assertThat(start.key()).isEqualTo(ControlKey.of(ControlKey.Kind.COMMAND, start.replayId(), Optional.empty()));
        Optional<ControlValue> read = ControlValue.fromAvro(start.key(), avro);
        assertThat(read).contains(start);
        assertThat(((StartReplay) read.get()).events().orElseThrow().offsets())
                .isEqualTo(Map.of(TP0, List.of(3L, 42L), TP1, List.of(7L)));
        assertThat(events.contains(TP0, 42)).isTrue();
        assertThat(events.contains(TP0, 41)).isFalse();
        assertThat(events.contains(new TopicPartition("other", 0), 3)).isFalse();
        assertThat(events.first(TP1)).contains(7L);
        assertThat(events.first(new TopicPartition("events", 2))).isEmpty();
        assertThat(events.size()).isEqualTo(3);
    }

    @Test
    void aReplayStaysAStartWithoutEvents() {
        StartReplay replay = new StartReplay(ReplayId.of("r-1"), new ComponentVersion("rc", "v2"),
                CohortSelector.customer("acme"), new ReplayWindow(T0, T0.plusSeconds(60)), false,
                OptionalDouble.empty(), "fix", "ada", T0);
        assertThat(replay.toAvro().getAction()).isEqualTo(ReplayAction.START);
        assertThat(replay.toAvro().getEvents()).isNull();
        assertThat(replay.isRedrive()).isFalse();
        assertThat(StartReplay.fromAvro(replay.toAvro())).isEqualTo(replay);
    }

    @Test
    void aRedriveWithoutEventsOrAStartWithEventsIsInvalid() {
        ReplayCommand noEvents = redrive(EventSelection.of(List.of(new EventSelection.SourceOffset("events", 0, 1))))
                .toAvro();
        noEvents.setEvents(null);
        assertThatThrownBy(() -> StartReplay.fromAvro(noEvents)).hasMessageContaining("REDRIVE without");

        ReplayCommand startWithEvents = redrive(EventSelection.of(List.of(
                new EventSelection.SourceOffset("events", 0, 1)))).toAvro();
        startWithEvents.setAction(ReplayAction.START);
        assertThatThrownBy(() -> StartReplay.fromAvro(startWithEvents)).hasMessageContaining("START with");
    }

    @Test
    void aSelectionIsNotEmptyNotNegativeAndAtMostTenThousandRecords() {
        assertThatThrownBy(() -> EventSelection.of(List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> EventSelection.of(List.of(new EventSelection.SourceOffset("events", 0, -1))))
                .hasMessageContaining("-1");
        List<EventSelection.SourceOffset> many = LongStream.range(0, EventSelection.MAX_EVENTS + 1)
                .mapToObj(o -> new EventSelection.SourceOffset("events", 0, o)).toList();
        assertThatThrownBy(() -> EventSelection.of(many)).hasMessageContaining("at most 10000")
                .hasMessageContaining("10001");
        assertThat(EventSelection.of(many.subList(0, EventSelection.MAX_EVENTS)).size())
                .isEqualTo(EventSelection.MAX_EVENTS);
    }
}
