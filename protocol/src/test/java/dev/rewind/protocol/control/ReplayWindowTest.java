package dev.rewind.protocol.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void containsItsStartButNotItsEnd() {
        ReplayWindow window = ReplayWindow.of(T0, T0.plusSeconds(60));

        assertThat(window.contains(T0)).isTrue();
        assertThat(window.contains(T0.plusSeconds(59))).isTrue();
        assertThat(window.contains(T0.plusSeconds(60))).isFalse();
        assertThat(window.contains(T0.minusMillis(1))).isFalse();
        assertThat(window.length()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void rejectsAnEmptyOrReversedWindowNamingBothEnds() {
        assertThatThrownBy(() -> ReplayWindow.of(T0, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(T0.toString())
                .hasMessageContaining("from < to");
        assertThatThrownBy(() -> ReplayWindow.of(T0.plusSeconds(1), T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReplayWindow.of(null, T0)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void overlapsOnlyWindowsSharingAnInstant() {
        ReplayWindow window = ReplayWindow.of(T0, T0.plusSeconds(10));

        assertThat(window.overlaps(ReplayWindow.of(T0.plusSeconds(9), T0.plusSeconds(20)))).isTrue();
        assertThat(window.overlaps(ReplayWindow.of(T0.minusSeconds(5), T0.plusSeconds(1)))).isTrue();
        assertThat(window.overlaps(ReplayWindow.of(T0.plusSeconds(10), T0.plusSeconds(20)))).isFalse();
        assertThat(window.overlaps(ReplayWindow.of(T0.minusSeconds(5), T0))).isFalse();
    }
}
