package dev.rewind.engine.runtime.internal;

import dev.rewind.engine.health.HealthProbes;
import dev.rewind.engine.health.ProbeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@link HealthProbes} of one runtime instance, fed by its consumer loop (polls, assignments and the restores
 * they trigger) and its route log (how far behind the end the history read is). Thread-safe: the loop writes, the
 * probe endpoint's threads read.
 */
public final class InstanceHealth implements HealthProbes {

    /**
     * How far the route history read may be behind the topic's end for the instance to be ready: the route log's
     * own catch-up timeout. A healthy route log is within its refresh interval (200 ms).
     */
    public static final Duration DEFAULT_ROUTE_HISTORY_MAX_LAG = Duration.ofSeconds(30);

    private final String group;
    private final Duration maxPollInterval;
    private final Duration routeHistoryMaxLag;
    private final BooleanSupplier loopThreadAlive;
    private final LongSupplier nanoTime;
    private volatile boolean subscribed;
    private volatile boolean joined;
    private volatile long lastPoll;
    private volatile Set<TopicPartition> restoring = Set.of();
    private volatile Supplier<Optional<Duration>> routeHistoryLag = Optional::empty;
    private volatile String stopped;

    /**
     * Health of an instance in consumer group {@code group}.
     *
     * @param maxPollInterval the consumer's {@code max.poll.interval.ms}: a loop that has not polled for longer is
     *     not alive
     * @param routeHistoryMaxLag how far behind the route history read may be for the instance to be ready
     * @param loopThreadAlive whether the consumer loop's thread is alive
     * @param nanoTime the monotonic clock ({@link System#nanoTime()})
     */
    public InstanceHealth(String group, Duration maxPollInterval, Duration routeHistoryMaxLag,
                          BooleanSupplier loopThreadAlive, LongSupplier nanoTime) {
        this.group = Objects.requireNonNull(group, "group");
        this.maxPollInterval = Objects.requireNonNull(maxPollInterval, "maxPollInterval");
        this.routeHistoryMaxLag = Objects.requireNonNull(routeHistoryMaxLag, "routeHistoryMaxLag");
        this.loopThreadAlive = Objects.requireNonNull(loopThreadAlive, "loopThreadAlive");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.lastPoll = nanoTime.getAsLong();
    }

    /** The instance starts now: the loop's first poll is due within {@code maxPollInterval} from here. */
    public void starting() {
        lastPoll = nanoTime.getAsLong();
    }

    /**
     * Where the route history read stands: how far behind the end of {@code rewind.routes} it is, empty until it
     * has been read to the end once.
     */
    public void followRouteHistory(Supplier<Optional<Duration>> lag) {
        this.routeHistoryLag = Objects.requireNonNull(lag, "lag");
    }

    /** The loop subscribed to the source topics. */
    void subscribed() {
        subscribed = true;
    }

    /** The loop returned from a poll. */
    void polled() {
        lastPoll = nanoTime.getAsLong();
    }

    /** A rebalance assigned {@code partitions} (possibly none); their state is restored until {@link #restored}. */
    void restoring(Collection<TopicPartition> partitions) {
        restoring = Set.copyOf(partitions);
    }

    /** The partitions of the last assignment are restored: the instance has joined its group. */
    void restored() {
        restoring = Set.of();
        joined = true;
        lastPoll = nanoTime.getAsLong();
    }

    /** The instance stopped (failed or closed) for {@code reason}: neither ready nor alive from now on. */
    public void stopped(String reason) {
        stopped = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public ProbeResult readiness() {
        List<String> reasons = new ArrayList<>();
        String stop = stopped;
        if (stop != null) {
            return ProbeResult.of(List.of(stop));
        }
        if (!subscribed) {
            reasons.add("Starting: the instance has not subscribed to its source topics yet.");
        } else if (!joined) {
            reasons.add("Joining consumer group " + group + ": no partition assignment received yet.");
        }
        Set<TopicPartition> restoringNow = restoring;
        if (!restoringNow.isEmpty()) {
            reasons.add("Restoring state and dedupe entries of " + restoringNow.size() + " assigned partition(s) "
                    + restoringNow + " from their changelogs.");
        }
        Optional<Duration> lag = routeHistoryLag.get();
        if (lag.isEmpty()) {
            reasons.add("The route history (rewind.routes) has not been read to its end yet.");
        } else if (lag.get().compareTo(routeHistoryMaxLag) > 0) {
            reasons.add("The route history read is " + lag.get() + " behind the end of rewind.routes (more than "
                    + routeHistoryMaxLag + "): events newer than what it covers wait.");
        }
        return ProbeResult.of(reasons);
    }

    @Override
    public ProbeResult liveness() {
        String stop = stopped;
        if (stop != null) {
            return ProbeResult.of(List.of(stop));
        }
        if (!loopThreadAlive.getAsBoolean()) {
            return ProbeResult.of(List.of("The consumer loop thread of group " + group + " is not running."));
        }
        if (!restoring.isEmpty()) {
            return ProbeResult.UP; // a long restore is work, not a hang
        }
        Duration sincePoll = Duration.ofNanos(nanoTime.getAsLong() - lastPoll);
        if (sincePoll.compareTo(maxPollInterval) > 0) {
            return ProbeResult.of(List.of("The consumer loop has not polled for " + sincePoll + " (more than the"
                    + " consumer's max.poll.interval.ms, " + maxPollInterval + "): it is stuck, e.g. in the"
                    + " processor, and has left group " + group + "."));
        }
        return ProbeResult.UP;
    }
}
