package dev.rewind.engine.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The timing rules that make ownership decisions agree across instances that read the route
 * history at different speeds (invariant 1).
 *
 * <p>A {@link RoutePublisher} makes every ordinary route or channel change effective no earlier
 * than {@code publishedAt + margin}, and a change must become readable within
 * {@code maxPublishDelay} of {@code publishedAt}. Clocks of publishers and engine instances differ
 * by at most {@code maxClockSkew}. Then a {@link RouteLog} that has read everything up to the end
 * offsets it observed at its local time {@code W} knows every change effective before
 * {@link #horizon(Instant) W + margin - maxPublishDelay - maxClockSkew}: a change it has not seen
 * became readable after {@code W}, so was published after {@code W - maxPublishDelay - maxClockSkew}
 * on the publisher's clock. Ownership of an event older than the horizon is final; newer events
 * wait.
 *
 * <p>All engine instances and publishers of one installation must use the same values.
 *
 * @param margin how far in the future of its publication an ordinary change takes effect
 * @param maxPublishDelay the longest time from {@code publishedAt} until a change is acknowledged
 *     (and so readable); a slower publication is reported as an error by the publisher
 * @param maxClockSkew the largest difference between the clocks of two hosts
 */
public record RouteTiming(Duration margin, Duration maxPublishDelay, Duration maxClockSkew) {

    /** 10 s margin, 2 s publish delay, 2 s clock skew: decisions wait for events up to 6 s ahead. */
    public static final RouteTiming DEFAULTS =
            new RouteTiming(Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(2));

    /** Validates that the margin exceeds the delay and skew it must absorb. */
    public RouteTiming {
        Objects.requireNonNull(margin, "margin");
        Objects.requireNonNull(maxPublishDelay, "maxPublishDelay");
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        if (maxPublishDelay.isNegative() || maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("maxPublishDelay and maxClockSkew must not be negative, were "
                    + maxPublishDelay + " and " + maxClockSkew);
        }
        if (margin.compareTo(maxPublishDelay.plus(maxClockSkew)) <= 0) {
            throw new IllegalArgumentException("Route margin " + margin
                    + " must be larger than maxPublishDelay + maxClockSkew (" + maxPublishDelay + " + "
                    + maxClockSkew + "); raise the margin or lower the other two");
        }
    }

    /** The earliest effective time a change published at {@code publishedAt} may have. */
    public Instant earliestEffectiveFrom(Instant publishedAt) {
        return publishedAt.plus(margin);
    }

    /**
     * The ownership horizon of a route log that has read everything up to the end offsets it
     * observed at (its local) time {@code observedAt}.
     */
    public Instant horizon(Instant observedAt) {
        return observedAt.plus(margin).minus(maxPublishDelay).minus(maxClockSkew);
    }
}
