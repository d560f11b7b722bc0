package dev.rewind.engine.metrics;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The metrics of one component version instance, all tagged {@code component} and {@code version}:
 *
 * <ul>
 *   <li>{@value #PROCESSED} (counter): events with an outcome, tagged {@code status} (ok, error,
 *       skipped-dup), {@code plan}, {@code customer} and {@code project} (the last two capped at
 *       {@link #DEFAULT_CARDINALITY_CAP} values each, then {@code other});</li>
 *   <li>{@value #SKIPPED} (counter): events skipped without processing, tagged {@code reason}
 *       ({@code not-owned});</li>
 *   <li>{@value #ERRORED} (counter): dead-lettered events, tagged {@code reason};</li>
 *   <li>{@value #UNROUTABLE} (counter): records no version owns (no route applies, or not an
 *       event), dead-lettered by this version on behalf of none, tagged {@code reason}; not errors
 *       of this version;</li>
 *   <li>{@value #PROCESSING_TIME} (timer with histogram): time in the processor;</li>
 *   <li>{@value #END_TO_END_LAG} (timer with histogram): processing time minus event time;</li>
 *   <li>{@value #CONSUMER_LAG} (gauge per {@code topic}, {@code partition}): records behind the end.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class EngineMetrics {

    public static final String PROCESSED = "rewind.events.processed";
    public static final String SKIPPED = "rewind.events.skipped";
    public static final String ERRORED = "rewind.events.errored";
    public static final String UNROUTABLE = "rewind.events.unroutable";
    public static final String PROCESSING_TIME = "rewind.processing.time";
    public static final String END_TO_END_LAG = "rewind.end.to.end.lag";
    public static final String CONSUMER_LAG = "rewind.consumer.lag";
    public static final String TIME_FIXED = "rewind.events.time.fixed";
    public static final String PAUSED_PARTITIONS = "rewind.partitions.paused";
    /** Distinct customers and projects that get their own tag value. */
    public static final int DEFAULT_CARDINALITY_CAP = 100;

    private final MeterRegistry registry;
    private final Tags base;
    private final CardinalityCap customers;
    private final CardinalityCap projects;
    private final CardinalityCap plans;
    private final Timer processingTime;
    private final Timer endToEndLag;
    private final Map<String, AtomicLong> consumerLags = new ConcurrentHashMap<>();
    /** Counters by their tag values: looking a meter up in the registry per event is measurably slow. */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    /** The skip path's counters by reason: a look-up by the reason string allocates nothing per event. */
    private final Map<String, Counter> skippedByReason = new ConcurrentHashMap<>();

    public EngineMetrics(MeterRegistry registry, ComponentVersion componentVersion) {
        this(registry, componentVersion, DEFAULT_CARDINALITY_CAP);
    }

    public EngineMetrics(MeterRegistry registry, ComponentVersion componentVersion, int cardinalityCap) {
        this.registry = registry;
        this.base = Tags.of("component", componentVersion.component(), "version", componentVersion.version());
        this.customers = new CardinalityCap(cardinalityCap);
        this.projects = new CardinalityCap(cardinalityCap);
        // plans are few by nature, but a cap keeps a producer bug from exploding the scrape
        this.plans = new CardinalityCap(cardinalityCap);
        this.processingTime = Timer.builder(PROCESSING_TIME).tags(base).publishPercentileHistogram()
                .description("Time spent in the processor per event").register(registry);
        this.endToEndLag = Timer.builder(END_TO_END_LAG).tags(base).publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofHours(1))
                .description("Time from the event's timestamp to its processing").register(registry);
    }

    /** An event got an outcome with {@code status} (ok, error or skipped-dup). */
    public void processed(String status, Cohort cohort) {
        processed(status, cohort, 1);
    }

    /**
     * {@code count} events of {@code cohort} got an outcome with {@code status}; see {@link ProcessedTally},
     * which gathers them per poll.
     */
    public void processed(String status, Cohort cohort, long count) {
        String plan = plans.tag(cohort.plan());
        String customer = customers.tag(cohort.customer());
        String project = projects.tag(cohort.project());
        counters.computeIfAbsent(List.of(PROCESSED, status, plan, customer, project), key ->
                Counter.builder(PROCESSED).tags(base).tag("status", status).tag("plan", plan)
                        .tag("customer", customer).tag("project", project).register(registry)).increment(count);
    }

    /** An event was skipped without processing, e.g. because another version owns it. */
    public void skipped(String reason) {
        Counter counter = skippedByReason.get(reason);
        if (counter == null) {
            counter = skippedByReason.computeIfAbsent(reason, key ->
                    Counter.builder(SKIPPED).tags(base).tag("reason", reason).register(registry));
        }
        counter.increment();
    }

    /** An event went to the dead-letter topic. */
    public void errored(String reason) {
        Counter.builder(ERRORED).tags(base).tag("reason", reason).register(registry).increment();
    }

    /** A record no version owns was dead-lettered by this version on behalf of none. */
    public void unroutable(String reason) {
        counters.computeIfAbsent(List.of(UNROUTABLE, reason), key ->
                Counter.builder(UNROUTABLE).tags(base).tag("reason", reason).register(registry)).increment();
    }

    /** This instance fixed the ownership time of a record dated implausibly far ahead. */
    public void ownershipTimeFixed() {
        counters.computeIfAbsent(List.of(TIME_FIXED), key ->
                Counter.builder(TIME_FIXED).tags(base).description("Records dated implausibly far ahead whose"
                        + " ownership time this instance fixed on rewind.routes").register(registry)).increment();
    }

    /**
     * Registers the gauge of partitions paused for {@code reason} ({@code routes}: the route history
     * does not cover an event's time yet; {@code throttled}: a replay's rate limit; {@code stopped}: the
     * error policy stopped it).
     */
    public void pausedPartitions(String reason, java.util.function.Supplier<Number> count) {
        Gauge.builder(PAUSED_PARTITIONS, count).tags(base).tag("reason", reason)
                .description("Assigned source partitions paused, by reason").register(registry);
    }

    public void processingTime(long micros) {
        processingTime.record(micros, TimeUnit.MICROSECONDS);
    }

    public void endToEndLag(Duration lag) {
        endToEndLag.record(lag.isNegative() ? Duration.ZERO : lag);
    }

    /** As {@link #endToEndLag(Duration)}, in milliseconds, without a {@code Duration} per event. */
    public void endToEndLagMillis(long lagMillis) {
        endToEndLag.record(Math.max(0, lagMillis), TimeUnit.MILLISECONDS);
    }

    /** Sets the records-behind gauge of a source partition. */
    public void consumerLag(String topic, int partition, long lag) {
        consumerLags.computeIfAbsent(topic + "-" + partition, key -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(CONSUMER_LAG, value, AtomicLong::get).tags(base)
                    .tag("topic", topic).tag("partition", Integer.toString(partition))
                    .description("Records between the committed position and the end").register(registry);
            return value;
        }).set(lag);
    }
}
