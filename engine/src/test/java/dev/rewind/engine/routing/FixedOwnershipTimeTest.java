package dev.rewind.engine.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.engine.routing.internal.RouteRecords;
import dev.rewind.schemas.avro.OwnershipTimeFix;
import java.time.Instant;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class FixedOwnershipTimeTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final TopicPartition SOURCE = new TopicPartition("release.events", 3);

    private static OwnershipTimeFix fix(String id, long offset, Instant ownershipTime, String author) {
        return OwnershipTimeFix.newBuilder().setFixId(id).setSourceTopic(SOURCE.topic())
                .setSourcePartition(SOURCE.partition()).setSourceOffset(offset)
                .setEventTime(NOW.plusSeconds(3000)).setOwnershipTime(ownershipTime).setPublishedAt(NOW)
                .setAuthor(author).build();
    }

    @Test
    void theFirstFixOfARecordInTheTopicsOrderIsTheOneEveryReaderApplies() {
        RouteHistory history = RouteHistory.builder()
                .add(fix("a", 41, NOW.plusSeconds(6), "c.v1.a"))
                .add(fix("b", 41, NOW.plusSeconds(9), "c.v2.b"))
                .build();

        assertThat(history.fixedOwnershipTime(SOURCE, 41)).map(FixedOwnershipTime::ownershipTime)
                .contains(NOW.plusSeconds(6));
        assertThat(history.fixedOwnershipTime(SOURCE, 41)).map(FixedOwnershipTime::author).contains("c.v1.a");
        assertThat(history.fixedOwnershipTime(SOURCE, 42)).isEmpty();
        assertThat(history.fixedOwnershipTime(new TopicPartition(SOURCE.topic(), 0), 41)).isEmpty();
        assertThat(history.fixedOwnershipTimes()).hasSize(1);
    }

    @Test
    void aFixRoundTripsThroughTheRouteTopicsEncodingNextToRouteAndChannelChanges() {
        OwnershipTimeFix fix = fix("a", 7, NOW.plusSeconds(6), "c.v1.a");

        assertThat(RouteRecords.decode(RouteRecords.encode(fix))).isEqualTo(fix);
    }

    @Test
    void aFixMustMoveTheTimeBackwardsNeverForwards() {
        assertThatThrownBy(() -> RouteHistory.builder().add(fix("a", 7, NOW.plusSeconds(4000), "c.v1.a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before the event time");
    }
}
