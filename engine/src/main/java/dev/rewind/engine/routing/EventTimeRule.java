package dev.rewind.engine.routing;

import dev.rewind.clients.acl.KafkaAccessDenied;
import dev.rewind.schemas.avro.OwnershipTimeFix;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-time rule for timestamps implausibly far in the future: the time at which ownership and
 * replay windows treat a source record.
 *
 * <p>A record's time is its timestamp, unless {@code rewind.routes} holds an
 * {@link OwnershipTimeFix} for it: then the ownership time of the first fix in the topic's order.
 * When an instance reads a record dated at or after its route horizon plus {@code maxAhead}
 * ({@code event.time.after.max.ms}), waiting for the horizon would stall the partition until the
 * wall clock reaches the timestamp (an hour with the broker's default
 * {@code log.message.timestamp.after.max.ms}, forever with a larger one). Instead the instance
 * publishes a fix whose ownership time is its current horizon (its route history is complete before
 * it), waits until its route log has read the topic past the fix and applies the first fix of the
 * record it finds there. Every reader agrees: a reader that decides the record without a fix has a
 * horizon past the timestamp, so read its route history at a local time at least {@code maxAhead}
 * after any fix could have been acknowledged; with {@code maxAhead >= maxPublishDelay + maxClockSkew}
 * (checked) it has read every fix (the argument of {@link RouteTiming}). A record dated less than
 * {@code maxAhead} ahead waits for the horizon as before, so a partition waits at most about
 * {@code maxAhead} for one future-dated record.
 *
 * <p>Timestamps before the component's first route are the other implausible kind; they need no fix:
 * {@link RouteHistory#ownershipTime} owns them as at the first route.
 *
 * <p>Called on one consumer thread per runtime; publishing blocks it for the publication and one
 * route-log refresh (about {@code refreshInterval}).
 */
public final class EventTimeRule implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(EventTimeRule.class);

    private static final Duration READ_BACK_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(10);

    private final RouteLog log;
    private final RouteTiming timing;
    private final Duration maxAhead;
    private final Supplier<RoutePublisher> publishers;
    private final String author;
    private final Clock clock;
    private final Runnable onFixed;
    private RoutePublisher publisher;
    private Instant retryAfter = Instant.MIN;

    /**
     * Creates a rule.
     *
     * @param log the route log decisions are made from
     * @param timing the route timing of the installation
     * @param maxAhead how far ahead of the horizon a timestamp may lie before it is fixed; at least
     *     {@code maxPublishDelay + maxClockSkew}
     * @param publishers opens the publisher of fixes on first need (closed with the rule)
     * @param author the instance, as written in the fixes
     * @param clock the local clock
     * @param onFixed called once per fix this instance publishes (a metric)
     * @throws IllegalArgumentException if {@code maxAhead} is too small
     */
    public EventTimeRule(RouteLog log, RouteTiming timing, Duration maxAhead, Supplier<RoutePublisher> publishers,
            String author, Clock clock, Runnable onFixed) {
        this.log = Objects.requireNonNull(log, "log");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.maxAhead = Objects.requireNonNull(maxAhead, "maxAhead");
        this.publishers = Objects.requireNonNull(publishers, "publishers");
        this.author = Objects.requireNonNull(author, "author");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onFixed = Objects.requireNonNull(onFixed, "onFixed");
        Duration least = minimumMaxAhead(timing);
        if (maxAhead.compareTo(least) < 0) {
            throw new IllegalArgumentException("maxAhead " + maxAhead + " must be at least maxPublishDelay +"
                    + " maxClockSkew (" + least + ")");
        }
    }

    /** The smallest {@code maxAhead} that keeps every reader's decision the same. */
    public static Duration minimumMaxAhead(RouteTiming timing) {
        return timing.maxPublishDelay().plus(timing.maxClockSkew());
    }

    /**
     * The time at which ownership and replay windows treat the record at {@code offset} of
     * {@code partition} with timestamp {@code timestamp}: the fixed ownership time if there is one,
     * else the timestamp; fixes the record first when its timestamp is implausibly far ahead.
     */
    public Instant eventTime(TopicPartition partition, long offset, Instant timestamp) {
        RouteSnapshot snapshot = log.snapshot();
        Optional<FixedOwnershipTime> fixed = snapshot.history().fixedOwnershipTime(partition, offset);
        if (fixed.isPresent()) {
            return fixed.get().ownershipTime();
        }
        if (snapshot.horizon().equals(Instant.MIN) || timestamp.isBefore(snapshot.horizon().plus(maxAhead))) {
            return timestamp;
        }
        Instant now = clock.instant();
        if (now.isBefore(retryAfter) || timestamp.isBefore(timing.horizon(now).plus(maxAhead))) {
            return timestamp;
        }
        return fix(snapshot, partition, offset, timestamp).orElse(timestamp);
    }

    /** Whether the record is implausibly far ahead of the horizon read now (a pause would then end with a fix). */
    public boolean isFarAhead(Instant timestamp) {
        Instant horizon = log.snapshot().horizon();
        return !horizon.equals(Instant.MIN) && !timestamp.isBefore(horizon.plus(maxAhead));
    }

    private Optional<Instant> fix(RouteSnapshot snapshot, TopicPartition partition, long offset, Instant timestamp) {
        Instant ownershipTime = snapshot.horizon().minusMillis(1).truncatedTo(ChronoUnit.MILLIS);
        OwnershipTimeFix fix = OwnershipTimeFix.newBuilder().setFixId(UUID.randomUUID().toString())
                .setSourceTopic(partition.topic()).setSourcePartition(partition.partition()).setSourceOffset(offset)
                .setEventTime(timestamp.truncatedTo(ChronoUnit.MILLIS)).setOwnershipTime(ownershipTime)
                .setPublishedAt(clock.instant()).setAuthor(author).build();
        try {
            if (publisher == null) {
                publisher = publishers.get();
            }
            publisher.publish(fix);
            Instant acknowledged = clock.instant();
            onFixed.run();
            if (!log.awaitHorizonAfter(timing.horizon(acknowledged), READ_BACK_TIMEOUT)) {
                LOGGER.atWarn().addKeyValue("topic", partition.topic()).addKeyValue("partition", partition.partition())
                        .addKeyValue("offset", offset).log("Route log did not read back the ownership-time fix in"
                                + " time; the partition waits and retries");
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (RuntimeException e) {
            // a missing ACL stays missing: stop rather than pause the partition and retry for ever
            KafkaAccessDenied.rethrowIfDenied(e, KafkaAccessDenied.Request.of("the ownership-time fixes of " + author,
                    AclOperation.WRITE));
            retryAfter = clock.instant().plus(RETRY_AFTER_FAILURE);
            LOGGER.atWarn().setCause(e).addKeyValue("topic", partition.topic())
                    .addKeyValue("partition", partition.partition()).addKeyValue("offset", offset)
                    .addKeyValue("eventTime", timestamp).log("Could not publish an ownership-time fix for a"
                            + " future-dated record (check Write on rewind.routes); the partition waits and retries"
                            + " in " + RETRY_AFTER_FAILURE.toSeconds() + " s");
            return Optional.empty();
        }
        Optional<FixedOwnershipTime> applied = log.snapshot().history().fixedOwnershipTime(partition, offset);
        applied.ifPresent(f -> LOGGER.atWarn().addKeyValue("topic", partition.topic())
                .addKeyValue("partition", partition.partition()).addKeyValue("offset", offset)
                .addKeyValue("eventTime", timestamp).addKeyValue("ownershipTime", f.ownershipTime())
                .addKeyValue("fixedBy", f.author())
                .log("Record dated implausibly far ahead of the route history: owned as at its fixed ownership time"));
        return applied.map(FixedOwnershipTime::ownershipTime);
    }

    @Override
    public void close() {
        if (publisher != null) {
            publisher.close();
        }
    }
}
