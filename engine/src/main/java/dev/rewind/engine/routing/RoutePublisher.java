package dev.rewind.engine.routing;

import dev.rewind.clients.acl.KafkaAccessDenied;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.protocol.topics.RewindTopics;
import dev.rewind.protocol.topics.TopicAdmin;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.engine.routing.internal.RouteRecords;
import dev.rewind.schemas.avro.ChannelChange;
import dev.rewind.schemas.avro.InstallationRouteTiming;
import dev.rewind.schemas.avro.OwnershipTimeFix;
import dev.rewind.schemas.avro.RouteChange;
import dev.rewind.schemas.avro.RouteChangeKind;
import dev.rewind.schemas.avro.RouteRamp;
import dev.rewind.schemas.avro.TargetKind;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes route and channel changes to {@code rewind.routes}, enforcing the rule that makes
 * ownership decisions safe (see {@link RouteTiming}): an ordinary change ({@code SET},
 * {@code UNSET}, channel change) takes effect at {@code max(requested, publishedAt + margin)}, never
 * earlier. Only a {@code REPLAY_OVERRIDE} may be retroactive, because the replay that publishes it
 * reprocesses its whole window.
 *
 * <p>Uses an idempotent producer with {@code acks=all} and waits for the acknowledgement, so a
 * returned change is durable and readable. A transactional producer is deliberately not used: a
 * change in an open transaction would be invisible to route logs for an unbounded time, which
 * the horizon argument cannot allow. If the acknowledgement comes later than
 * {@link RouteTiming#maxPublishDelay()}, the change is published but an error is logged, since
 * lagging instances may then disagree about events in the gap.
 *
 * <p>Thread-safe.
 */
public final class RoutePublisher implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(RoutePublisher.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final RouteTiming timing;
    private final Clock clock;

    private RoutePublisher(Map<String, Object> clientConfig, String topic, RouteTiming timing, Clock clock) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.keySet().retainAll(ProducerConfig.configNames());
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.timing = timing;
        this.clock = clock;
    }

    /**
     * Creates a publisher, creating the topic if it is missing.
     *
     * @param clientConfig Kafka client settings, at least {@code bootstrap.servers}
     * @param topic the route topic, normally {@value RouteLog.Options#DEFAULT_TOPIC}
     * @param timing the timing rules shared with every route log
     * @param clock the local clock
     */
    public static RoutePublisher create(Map<String, Object> clientConfig, String topic, RouteTiming timing,
            Clock clock) {
        TopicAdmin.ensure(clientConfig, RewindTopics.routes(topic));
        return new RoutePublisher(clientConfig, Objects.requireNonNull(topic, "topic"),
                Objects.requireNonNull(timing, "timing"), Objects.requireNonNull(clock, "clock"));
    }

    /** Routes {@code selector}'s events of {@code component} to {@code target} from {@code requestedFrom} (or as soon as allowed if null). */
    public RouteChange setRoute(String component, CohortSelector selector, RouteTarget target, Instant requestedFrom,
            String author, String reason) {
        return setRoute(component, selector, target, null, requestedFrom, author, reason);
    }

    /**
     * Routes {@code selector}'s events of {@code component} to {@code target}, except the share of its
     * cohort values that {@code ramp} sends to the ramp's target (no ramp if null), from
     * {@code requestedFrom} (or as soon as allowed if null). Changing a ramp's share is publishing
     * the route again with the new ramp: it takes effect like any route change, never earlier than
     * now plus the margin.
     */
    public RouteChange setRoute(String component, CohortSelector selector, RouteTarget target, RampedTarget ramp,
            Instant requestedFrom, String author, String reason) {
        return setRoute(UUID.randomUUID().toString(), component, selector, target, ramp, requestedFrom, author,
                reason);
    }

    /**
     * {@link #setRoute(String, CohortSelector, RouteTarget, RampedTarget, Instant, String, String)} under a
     * change id the caller derived, so that it can find the change on the route log after a restart. The id
     * must be new: a change published again under its id replaces the first, effective time included.
     */
    public RouteChange setRoute(String changeId, String component, CohortSelector selector, RouteTarget target,
            RampedTarget ramp, Instant requestedFrom, String author, String reason) {
        RouteChange.Builder change = base(changeId, component, selector, RouteChangeKind.SET, requestedFrom, author,
                reason).setTarget(name(target)).setTargetKind(kind(target));
        if (ramp != null) {
            change.setRamp(RouteRamp.newBuilder().setDimension(ramp.ramp().dimension().label())
                    .setBasisPoints(ramp.ramp().basisPoints()).setTarget(name(ramp.target()))
                    .setTargetKind(kind(ramp.target())).build());
        }
        return publish(change.build());
    }

    private static String name(RouteTarget target) {
        return target instanceof RouteTarget.ToChannel channel ? channel.channel().name()
                : ((RouteTarget.ToVersion) target).version();
    }

    private static TargetKind kind(RouteTarget target) {
        return target instanceof RouteTarget.ToChannel ? TargetKind.CHANNEL : TargetKind.VERSION;
    }

    /** Removes {@code selector}'s route, so less specific routes apply from then on. */
    public RouteChange unsetRoute(String component, CohortSelector selector, Instant requestedFrom, String author,
            String reason) {
        return unsetRoute(UUID.randomUUID().toString(), component, selector, requestedFrom, author, reason);
    }

    /** {@link #unsetRoute(String, CohortSelector, Instant, String, String)} under a new change id the caller derived. */
    public RouteChange unsetRoute(String changeId, String component, CohortSelector selector, Instant requestedFrom,
            String author, String reason) {
        // targetKind has no field default in the schema: the builder needs a value even without a target
        return publish(base(changeId, component, selector, RouteChangeKind.UNSET, requestedFrom, author, reason)
                .setTargetKind(TargetKind.VERSION).build());
    }

    /**
     * Moves {@code selector}'s events in {@code [from, to)} to {@code version}, retroactively; only a
     * replay that reprocesses that window may do this.
     */
    public RouteChange overrideForReplay(String component, CohortSelector selector, String version, Instant from,
            Instant to, ReplayId replayId, String author, String reason) {
        return publish(base(UUID.randomUUID().toString(), component, selector, RouteChangeKind.REPLAY_OVERRIDE, from,
                author, reason)
                .setTarget(version).setTargetKind(TargetKind.VERSION).setEffectiveTo(to)
                .setReplayId(replayId.value()).build());
    }

    /** Points {@code channel} of {@code component} at {@code version} from {@code requestedFrom} (or as soon as allowed if null). */
    public ChannelChange setChannel(String component, Channel channel, String version, Instant requestedFrom,
            String author, String reason) {
        Instant now = now();
        ChannelChange change = ChannelChange.newBuilder().setChangeId(UUID.randomUUID().toString())
                .setComponent(component).setChannel(channel.name()).setVersion(version)
                .setEffectiveFrom(requestedFrom == null ? now : requestedFrom).setPublishedAt(now)
                .setAuthor(author).setReason(reason).build();
        return publish(change);
    }

    /**
     * Publishes a route change: sets {@code publishedAt} to now and moves {@code effectiveFrom} of
     * an ordinary change to at least {@code publishedAt + margin}.
     *
     * @return the change as published
     * @throws IllegalArgumentException if the change is invalid
     */
    public RouteChange publish(RouteChange requested) {
        Instant now = now();
        RouteChange change = RouteChange.newBuilder(requested).setPublishedAt(now).build();
        if (change.getKind() != RouteChangeKind.REPLAY_OVERRIDE) {
            change.setEffectiveFrom(latest(change.getEffectiveFrom(), timing.earliestEffectiveFrom(now)));
        }
        RouteEntry.of(change);
        send(change.getChangeId(), RouteRecords.encode(change), now);
        LOGGER.atInfo().addKeyValue("component", change.getComponent()).addKeyValue("selector", change.getSelector())
                .addKeyValue("kind", change.getKind()).addKeyValue("target", change.getTarget())
                .addKeyValue("ramp", change.getRamp())
                .addKeyValue("effectiveFrom", change.getEffectiveFrom()).addKeyValue("changeId", change.getChangeId())
                .log("Route change published");
        return change;
    }

    /** Publishes a channel change, with the same rule as {@link #publish(RouteChange)}. */
    public ChannelChange publish(ChannelChange requested) {
        Instant now = now();
        ChannelChange change = ChannelChange.newBuilder(requested).setPublishedAt(now)
                .setEffectiveFrom(latest(requested.getEffectiveFrom(), timing.earliestEffectiveFrom(now))).build();
        ChannelEntry.of(change);
        send(change.getChangeId(), RouteRecords.encode(change), now);
        LOGGER.atInfo().addKeyValue("component", change.getComponent()).addKeyValue("channel", change.getChannel())
                .addKeyValue("version", change.getVersion()).addKeyValue("effectiveFrom", change.getEffectiveFrom())
                .addKeyValue("changeId", change.getChangeId()).log("Channel change published");
        return change;
    }

    /**
     * Publishes an ownership-time fix of a future-dated source record ({@link EventTimeRule}) with
     * its {@code publishedAt} set to now; returns once it is acknowledged, so readable.
     */
    public OwnershipTimeFix publish(OwnershipTimeFix requested) {
        Instant now = now();
        OwnershipTimeFix fix = OwnershipTimeFix.newBuilder(requested).setPublishedAt(now).build();
        FixedOwnershipTime.of(fix);
        send(fix.getFixId(), RouteRecords.encode(fix), now);
        return fix;
    }

    /**
     * Records this publisher's route timing as an {@link InstallationRouteTiming} by {@code author};
     * returns once it is acknowledged. See {@link RouteTimingAgreement}.
     */
    public InstallationRouteTiming recordTiming(String author) {
        Instant now = now();
        InstallationRouteTiming record = InstallationRouteTiming.newBuilder()
                .setRecordId(UUID.randomUUID().toString()).setMarginMs(timing.margin().toMillis())
                .setMaxPublishDelayMs(timing.maxPublishDelay().toMillis())
                .setMaxClockSkewMs(timing.maxClockSkew().toMillis()).setPublishedAt(now)
                .setAuthor(Objects.requireNonNull(author, "author")).build();
        send(record.getRecordId(), RouteRecords.encode(record), now);
        return record;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    private RouteChange.Builder base(String changeId, String component, CohortSelector selector,
            RouteChangeKind kind, Instant requestedFrom, String author, String reason) {
        return RouteChange.newBuilder().setChangeId(Objects.requireNonNull(changeId, "changeId")).setComponent(component)
                .setSelector(selector.toString()).setKind(kind).setTarget(null).setTargetKind(TargetKind.VERSION)
                .setEffectiveFrom(requestedFrom == null ? now() : requestedFrom).setPublishedAt(now())
                .setAuthor(Objects.requireNonNull(author, "author")).setReason(Objects.requireNonNull(reason, "reason"));
    }

    private void send(String changeId, byte[] value, Instant publishedAt) {
        try {
            producer.send(new ProducerRecord<>(topic, changeId.getBytes(StandardCharsets.UTF_8), value))
                    .get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            KafkaAccessDenied.rethrowIfDenied(e.getCause(), KafkaAccessDenied.Request.of("the route publisher",
                    AclOperation.WRITE).naming(List.of(topic)));
            throw new IllegalStateException("Could not publish change " + changeId + " to " + topic + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Publishing change " + changeId + " to " + topic
                    + " was not acknowledged within 60 s; it may still become effective", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted publishing change " + changeId, e);
        }
        Duration took = Duration.between(publishedAt, now());
        if (took.compareTo(timing.maxPublishDelay()) > 0) {
            LOGGER.atError().addKeyValue("topic", topic).addKeyValue("changeId", changeId)
                    .addKeyValue("took", took).addKeyValue("maxPublishDelay", timing.maxPublishDelay())
                    .log("Route change acknowledged later than maxPublishDelay: instances may disagree on"
                            + " ownership of events near its effective time; raise maxPublishDelay and margin");
        }
    }

    private Instant now() {
        // Avro timestamp-millis keeps milliseconds only; truncating here keeps the rule exact
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
