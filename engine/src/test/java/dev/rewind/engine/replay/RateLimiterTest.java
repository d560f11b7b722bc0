package dev.rewind.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void allowsAtMostOneSecondsWorthAtOnceThenRefillsAtTheRate() {
        RateLimiter limiter = RateLimiter.of(10, nanos::get);

        int granted = 0;
        while (limiter.tryAcquire()) {
            granted++;
        }
        assertThat(granted).isEqualTo(10);
        assertThat(limiter.nanosUntilAvailable()).isEqualTo(100_000_000L);

        nanos.addAndGet(250_000_000L);
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        assertThat(limiter.nanosUntilAvailable()).isEqualTo(50_000_000L);
    }

    @Test
    void doesNotSaveUpMoreThanOneSecondWhileIdle() {
        RateLimiter limiter = RateLimiter.of(5, nanos::get);
        nanos.addAndGet(60_000_000_000L);

        int granted = 0;
        while (limiter.tryAcquire()) {
            granted++;
        }
        assertThat(granted).isEqualTo(5);
    }

    @Test
    void aRateBelowOnePerSecondStillGrantsOneEventThenWaits() {
        RateLimiter limiter = RateLimiter.of(0.5, nanos::get);

        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        assertThat(limiter.nanosUntilAvailable()).isEqualTo(2_000_000_000L);
        nanos.addAndGet(2_000_000_000L);
        assertThat(limiter.tryAcquire()).isTrue();
    }

    @Test
    void withoutARateItNeverRefuses() {
        RateLimiter limiter = RateLimiter.forRate(OptionalDouble.empty());

        for (int i = 0; i < 100_000; i++) {
            assertThat(limiter.tryAcquire()).isTrue();
        }
        assertThat(limiter.isUnlimited()).isTrue();
        assertThat(limiter.nanosUntilAvailable()).isZero();
        assertThat(RateLimiter.forRate(OptionalDouble.of(3)).isUnlimited()).isFalse();
    }

    @Test
    void rejectsANonPositiveRateNamingTheSetting() {
        assertThatThrownBy(() -> RateLimiter.of(0)).hasMessageContaining("maxEventsPerSecond")
                .hasMessageContaining("0.0");
        assertThatThrownBy(() -> RateLimiter.of(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimiter.of(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
