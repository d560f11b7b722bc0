package dev.rewind.replaytool.history.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.replaytool.history.EventCohort;
import dev.rewind.replaytool.history.EventRef;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class IndexedEventTest {

    private static final EventRef REF = new EventRef("commits", 3, 42L, "e-1", "dev.rewind.demo.release.CommitPushed",
            Instant.parse("2026-11-26T10:00:00.123Z"));

    @Test
    void anIndexedEventReadsBackAsWritten() {
        IndexedEvent event = new IndexedEvent(REF, new EventCohort("acme", null, "p1"), new byte[] {0, 0, 0, 0, 7, 1});

        IndexedEvent read = IndexedEvent.decode("t", event.encode());

        assertThat(read.ref()).isEqualTo(REF);
        assertThat(read.cohort()).isEqualTo(new EventCohort("acme", null, "p1"));
        assertThat(read.payload()).containsExactly(0, 0, 0, 0, 7, 1);
    }

    @Test
    void anEventIdLongerThanWriteUtfAllowsStillRoundTrips() {
        String longId = "x".repeat(70_000);
        EventRef ref = new EventRef("commits", 0, 0, longId, null, REF.timestamp());

        IndexedEvent read = IndexedEvent.decode("t", new IndexedEvent(ref, null, new byte[0]).encode());

        assertThat(read.ref().eventId()).isEqualTo(longId);
        assertThat(read.ref().type()).isNull();
    }

    @Test
    void aValueOfAnotherFormatIsRefusedNamingTheFix() {
        assertThatThrownBy(() -> IndexedEvent.decode("history-event-records-changelog", "{\"ref\":1}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("history-event-records-changelog")
                .hasMessageContaining("delete history.state.dir");
    }
}
