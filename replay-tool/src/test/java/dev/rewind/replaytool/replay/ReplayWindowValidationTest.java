package dev.rewind.replaytool.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.api.problems.ProblemType;
import dev.rewind.protocol.control.ReplayWindow;
import dev.rewind.replaytool.Rejection;
import dev.rewind.replaytool.http.Rejections;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayWindowValidationTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private final ReplayValidator validator = new ReplayValidator(null, Duration.ofHours(24));

    private static ProblemType problem(Runnable check) {
        try {
            check.run();
        } catch (Rejection e) {
            return Rejections.problemType(e);
        }
        throw new AssertionError("no problem raised");
    }

    @Test
    void toDefaultsToNow() {
        ReplayWindow window = validator.window(NOW.minusSeconds(600), null, NOW);

        assertThat(window).isEqualTo(new ReplayWindow(NOW.minusSeconds(600), NOW));
    }

    @Test
    void fromAtOrAfterToIsAnEmptyWindow() {
        assertThat(problem(() -> validator.window(NOW.minusSeconds(10), NOW.minusSeconds(10), NOW)))
                .isEqualTo(ProblemType.EMPTY_WINDOW);
        assertThat(problem(() -> validator.window(NOW.minusSeconds(5), NOW.minusSeconds(10), NOW)))
                .isEqualTo(ProblemType.EMPTY_WINDOW);
    }

    @Test
    void aWindowEndingInTheFutureIsRefused() {
        assertThat(problem(() -> validator.window(NOW.minusSeconds(60), NOW.plusSeconds(1), NOW)))
                .isEqualTo(ProblemType.WINDOW_IN_FUTURE);
    }

    @Test
    void aWindowLongerThanTheMaximumIsRefusedAndOneOfExactlyTheMaximumIsAccepted() {
        assertThat(problem(() -> validator.window(NOW.minus(Duration.ofHours(24)).minusMillis(1), NOW, NOW)))
                .isEqualTo(ProblemType.WINDOW_TOO_LONG);
        assertThat(validator.window(NOW.minus(Duration.ofHours(24)), NOW, NOW).length())
                .isEqualTo(Duration.ofHours(24));
    }

    @Test
    void aMissingFromIsABadRequest() {
        assertThatThrownBy(() -> validator.window(null, NOW, NOW))
                .isInstanceOfSatisfying(Rejection.Malformed.class,
                        e -> assertThat(Rejections.problemType(e)).isEqualTo(ProblemType.BAD_REQUEST));
    }
}
