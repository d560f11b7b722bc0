package dev.rewind.replaytool.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.replaytool.Rejection;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DlqFilterTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private static DeadLetter entry(String version, String reason, Cohort cohort, Instant time) {
        return new DeadLetter(0, 5, "rc", version, reason, null, "e-1", cohort, "events", 1, 42, time, time, null,
                null, List.of());
    }

    @Test
    void matchesByVersionReasonPrefixCohortAndEventTime() {
        DeadLetter failed = entry("v1", "PROCESSOR_ERROR: / by zero", Cohort.of("acme", "enterprise", "p1"), T0);

        assertThat(DlqFilter.of(null, null, null, null, null)).accepts(failed);
        assertThat(DlqFilter.of("v1", "processor_error", "plan:enterprise", T0, T0.plusMillis(1))).accepts(failed);
        assertThat(DlqFilter.of("v2", null, null, null, null)).rejects(failed);
        assertThat(DlqFilter.of(null, "UNDECODABLE", null, null, null)).rejects(failed);
        assertThat(DlqFilter.of(null, null, "customer:globex", null, null)).rejects(failed);
        assertThat(DlqFilter.of(null, null, null, T0.plusMillis(1), null)).rejects(failed);
        assertThat(DlqFilter.of(null, null, null, null, T0)).as("to is exclusive").rejects(failed);
        assertThat(DlqFilter.of(null, null, "default", null, null))
                .as("an entry whose event does not decode has no cohort a selector can match")
                .rejects(entry("", "UNDECODABLE: bad magic byte", null, T0));
    }

    @Test
    void rejectsABadSelectorOrAnEmptyWindowNamingTheValue() {
        assertThatThrownBy(() -> DlqFilter.of(null, null, "team:x", null, null))
                .isInstanceOf(Rejection.Invalid.class).hasMessageContaining("'cohort'").hasMessageContaining("team:x");
        assertThatThrownBy(() -> DlqFilter.of(null, null, null, T0, T0)).isInstanceOf(Rejection.Invalid.class)
                .hasMessageContaining(T0.toString());
    }

    @Test
    void aCursorIsTheLastEntryIdAndResumesAfterIt() {
        DlqCursor cursor = DlqCursor.parse("1-41", "cursor");
        assertThat(cursor.startOn(0)).as("partition 0 is done").isEqualTo(-1);
        assertThat(cursor.startOn(1)).isEqualTo(42);
        assertThat(cursor.startOn(2)).isZero();
        for (String bad : new String[] {"41", "a-1", "-1-2", "1-", "1-x", null}) {
            assertThatThrownBy(() -> DlqCursor.parse(bad, "cursor")).as(String.valueOf(bad))
                    .hasMessageContaining("<partition>-<offset>");
        }
    }
}
