package dev.rewind.engine.replay;

import java.util.OptionalDouble;
import java.util.function.LongSupplier;

/**
 * Throttles the events a replay reprocesses (never the ones it skips, which cost no processor
 * call): a token bucket refilled at {@code eventsPerSecond} holding at most one second's worth, so
 * a replay that was idle cannot burst above its rate for more than a second.
 *
 * <p>Non-blocking: the consumer thread also serves live partitions, so instead of sleeping it asks
 * {@link #tryAcquire()} and, when refused, puts the record back and comes back later
 * ({@link #nanosUntilAvailable()} tells when). Not thread-safe; one limiter per replaying partition.
 */
public final class RateLimiter {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double eventsPerSecond;
    private final double capacity;
    private final LongSupplier nanoTime;
    private double tokens;
    private long lastRefill;

    private RateLimiter(double eventsPerSecond, LongSupplier nanoTime) {
        this.eventsPerSecond = eventsPerSecond;
        this.capacity = Math.max(1.0, eventsPerSecond);
        this.nanoTime = nanoTime;
        this.tokens = capacity;
        this.lastRefill = nanoTime.getAsLong();
    }

    /**
     * A limiter of {@code eventsPerSecond} on the given clock (nanoseconds, like {@link System#nanoTime()}).
     *
     * @throws IllegalArgumentException if the rate is not a positive finite number
     */
    public static RateLimiter of(double eventsPerSecond, LongSupplier nanoTime) {
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("maxEventsPerSecond must be a positive number, was "
                    + eventsPerSecond + "; leave it out for an unthrottled replay");
        }
        return new RateLimiter(eventsPerSecond, nanoTime);
    }

    /** A limiter of {@code eventsPerSecond} on {@link System#nanoTime()}. */
    public static RateLimiter of(double eventsPerSecond) {
        return of(eventsPerSecond, System::nanoTime);
    }

    /** A limiter for an optional rate: unlimited when absent. */
    public static RateLimiter forRate(OptionalDouble eventsPerSecond) {
        return eventsPerSecond.isPresent() ? of(eventsPerSecond.getAsDouble()) : unlimited();
    }

    /** A limiter that never refuses. */
    public static RateLimiter unlimited() {
        return new RateLimiter(Double.POSITIVE_INFINITY, () -> 0L);
    }

    /** Whether this limiter ever refuses. */
    public boolean isUnlimited() {
        return Double.isInfinite(eventsPerSecond);
    }

    /** The configured rate; infinite when unlimited. */
    public double eventsPerSecond() {
        return eventsPerSecond;
    }

    /** Takes a permit for one reprocessed event if one is available now. */
    public boolean tryAcquire() {
        if (isUnlimited()) {
            return true;
        }
        refill();
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return true;
        }
        return false;
    }

    /** How long until {@link #tryAcquire()} will succeed; 0 if it would now. */
    public long nanosUntilAvailable() {
        if (isUnlimited()) {
            return 0;
        }
        refill();
        return tokens >= 1.0 ? 0 : (long) Math.ceil((1.0 - tokens) * NANOS_PER_SECOND / eventsPerSecond);
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        long elapsed = now - lastRefill;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * eventsPerSecond / NANOS_PER_SECOND);
            lastRefill = now;
        }
    }

    @Override
    public String toString() {
        return isUnlimited() ? "RateLimiter[unlimited]" : "RateLimiter[" + eventsPerSecond + "/s]";
    }
}
