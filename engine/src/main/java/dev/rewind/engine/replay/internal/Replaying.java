package dev.rewind.engine.replay.internal;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.replay.RateLimiter;
import dev.rewind.protocol.control.ReplayCounts;
import dev.rewind.protocol.control.ReplayPlan;
import dev.rewind.protocol.control.StartReplay;
import dev.rewind.protocol.control.ReplayProgress;
import dev.rewind.engine.runtime.spi.CohortKeys;
import dev.rewind.engine.runtime.spi.OwnershipCheck;
import dev.rewind.protocol.CohortSelector;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A partition between its plan's start and end offsets: decides for each record whether it is
 * reprocessed or skipped, counts, knows which entities it has already rewound, and says when a
 * progress record is due. Pure bookkeeping: the runtime's handler does the I/O. Consumer thread only.
 */
public final class Replaying implements PartitionPhase {

    /** Progress records are written at most this often per partition (plus a final one). */
    public static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

    private final StartReplay request;
    private final ReplayPlan plan;
    private final String instanceId;
    private final RateLimiter limiter;
    /** The selector's id, for reading the cohort without decoding; null when every cohort is selected. */
    private final CohortKeys cohortKeys;
    private final Set<ByteBuffer> rewound = new HashSet<>();
    private final Set<ByteBuffer> rewoundSinceMark = new HashSet<>();
    /** The window in epoch millis, so that the per-record check allocates nothing. */
    private final long fromMillis;
    private final long toMillis;
    private long position;
    // counted in primitives: a ReplayCounts per skipped record was the replay's main allocation
    private long reprocessed;
    private long skipped;
    private long errored;
    private long markedPosition;
    private ReplayCounts markedCounts;
    private Instant lastReported = Instant.MIN;
    private boolean unreported;

    private Replaying(StartReplay request, ReplayPlan plan, String instanceId, RateLimiter limiter,
                      long position, ReplayCounts counts) {
        this.request = Objects.requireNonNull(request, "request");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        if (!request.replayId().equals(plan.replayId())) {
            throw new IllegalArgumentException("Plan of " + plan.replayId() + " used for " + request.replayId());
        }
        this.cohortKeys = selectsEveryCohort() ? null
                : CohortKeys.of(java.util.List.of(request.selector())).orElseThrow();
        this.fromMillis = request.window().from().toEpochMilli();
        this.toMillis = request.window().to().toEpochMilli();
        this.position = position;
        restore(counts);
        this.markedPosition = position;
        this.markedCounts = counts;
    }

    private void restore(ReplayCounts counts) {
        reprocessed = counts.reprocessed();
        skipped = counts.skipped();
        errored = counts.errored();
    }

    /** A replay starting at the plan's start offset. */
    public static Replaying start(StartReplay request, ReplayPlan plan, String instanceId, RateLimiter limiter) {
        return new Replaying(request, plan, instanceId, limiter, plan.startOffset(), ReplayCounts.ZERO);
    }

    /**
     * A replay continuing on a new owner from the committed offset, counting on from the last
     * reported status (records handled after it and before the crash are not counted twice in
     * outputs, but may be missing from the counts).
     */
    public static Replaying resume(StartReplay request, ReplayPlan plan, Optional<ReplayProgress> last,
                                   long committed, String instanceId, RateLimiter limiter) {
        long position = Math.max(plan.startOffset(), committed);
        return new Replaying(request, plan, instanceId, limiter, position,
                last.map(ReplayProgress::counts).orElse(ReplayCounts.ZERO));
    }

    public StartReplay request() {
        return request;
    }

    public ReplayPlan plan() {
        return plan;
    }

    public RateLimiter limiter() {
        return limiter;
    }

    /** The next offset to look at. */
    public long position() {
        return position;
    }

    public ReplayCounts counts() {
        return new ReplayCounts(reprocessed, skipped, errored);
    }

    /**
     * Whether a record with this timestamp (epoch millis, the event time) lies in the window:
     * outside it, the record is skipped without being decoded.
     */
    public boolean inWindow(long timestampMillis) {
        return timestampMillis >= fromMillis && timestampMillis < toMillis;
    }

    /**
     * Whether every cohort is selected (a redrive, which selects by offset, or the {@code default}
     * selector): the cohort of an event need not be read to decide.
     */
    public boolean selectsEveryCohort() {
        return request.events().isPresent() || request.selector().kind() == CohortSelector.Kind.DEFAULT;
    }

    /**
     * The selector's id as {@link CohortKeys}: {@link #selects} answers the same for an event's cohort
     * and for its canonical cohort under these keys. Only when not {@link #selectsEveryCohort}.
     */
    public CohortKeys cohortKeys() {
        if (cohortKeys == null) {
            throw new IllegalStateException("replay " + request.replayId() + " selects every cohort: no keys");
        }
        return cohortKeys;
    }

    /**
     * Whether the replay's selector matches {@code cohort}: outside it, an event is skipped. A
     * redrive selects its records by offset ({@link #selected}), whatever their cohort.
     */
    public boolean selects(Cohort cohort) {
        return request.events().isPresent() || request.selector().matches(cohort);
    }

    /**
     * Decides about the record at {@code offset}.
     *
     * @param owner asked only for events of the cohort and window: whether the target version owns
     *     the event per the route history, including the replay's override
     */
    public Verdict verdict(long offset, Cohort cohort, Instant time, Supplier<OwnershipCheck.Decision> owner) {
        if (offset >= plan.endOffset()) {
            return Verdict.LIVE;
        }
        if (request.events().isPresent()) {
            // a redrive delivers exactly its selected records through this version, whoever owned them live
            return selected(offset) ? Verdict.REPROCESS : Verdict.SKIP;
        }
        if (!selects(cohort) || !request.window().contains(time)) {
            return Verdict.SKIP;
        }
        return switch (owner.get()) {
            case OWNED -> Verdict.REPROCESS;
            // unrouted: no version owns it live, and a replay that moved the cohort here would own it
            case NOT_OWNED, UNROUTED -> Verdict.SKIP;
            case UNDECIDED -> Verdict.WAIT_FOR_ROUTES;
        };
    }

    /** Whether a redrive selected the record at {@code offset} of this partition (false for a replay). */
    public boolean selected(long offset) {
        return request.events().filter(events -> events.contains(plan.partition(), offset)).isPresent();
    }

    /** The verdict for a record that is not a valid event: skip it before the end, else live. */
    public Verdict verdictForInvalid(long offset) {
        return offset >= plan.endOffset() ? Verdict.LIVE : Verdict.SKIP;
    }

    /**
     * Whether the entity's state must be rewound to {@code from} before its first reprocessed event;
     * {@code true} once per entity and replay on this partition, never for a redrive (which processes
     * its records at the version's current state).
     */
    public boolean firstTouch(byte[] entity) {
        if (request.isRedrive()) {
            return false;
        }
        ByteBuffer key = ByteBuffer.wrap(entity.clone());
        if (rewound.add(key)) {
            rewoundSinceMark.add(key);
            return true;
        }
        return false;
    }

    /** Marks an entity as already rewound (rebuilding the set after a move). */
    public void touched(byte[] entity) {
        rewound.add(ByteBuffer.wrap(entity.clone()));
    }

    /** The record at {@code offset} was reprocessed. */
    public void reprocessed(long offset) {
        reprocessed++;
        moved(offset + 1);
    }

    /** The record at {@code offset} was skipped. */
    public void skipped(long offset) {
        skipped++;
        moved(offset + 1);
    }

    /** The processor failed on the record at {@code offset} (dead-lettered). */
    public void errored(long offset) {
        errored++;
        moved(offset + 1);
    }

    /** The consumer is at {@code next} without a record in between (transaction markers, compaction). */
    public void advanceTo(long next) {
        if (next > position) {
            moved(next);
        }
    }

    private void moved(long next) {
        position = Math.max(position, next);
        unreported = true;
    }

    /** The transaction holding what was done so far committed: a later {@link #rollback()} returns here. */
    public void mark() {
        markedPosition = position;
        markedCounts = counts();
        rewoundSinceMark.clear();
    }

    /**
     * The transaction was aborted: back to the last {@link #mark()}, where the consumer is sought
     * back to; entities first rewound since then are rewound again (their rewind was aborted too).
     */
    public void rollback() {
        position = markedPosition;
        restore(markedCounts);
        rewound.removeAll(rewoundSinceMark);
        rewoundSinceMark.clear();
        unreported = true;
    }

    /** Whether the whole plan has been looked at. */
    public boolean finished() {
        return position >= plan.endOffset();
    }

    /** A RUNNING status if one is due (something changed and none was written for a while). */
    public Optional<ReplayProgress> progressDue(Instant now) {
        if (!unreported || Duration.between(lastReported, now).compareTo(PROGRESS_INTERVAL) < 0) {
            return Optional.empty();
        }
        lastReported = now;
        unreported = false;
        return Optional.of(status(ReplayProgress.State.RUNNING, now, Optional.empty()));
    }

    /** Ends the replay after the last planned offset. */
    public Done complete(Instant now) {
        return new Done(status(ReplayProgress.State.COMPLETED, now, Optional.empty()), plan.endOffset());
    }

    /** Ends the replay early at the current position because it was cancelled. */
    public Done cancel(Instant now) {
        return new Done(status(ReplayProgress.State.CANCELLED, now, Optional.of("cancelled at offset " + position)),
                plan.endOffset());
    }

    /** Ends the replay early at the current position because of an error. */
    public Done fail(Instant now, String reason) {
        return new Done(status(ReplayProgress.State.FAILED, now, Optional.of(reason)), plan.endOffset());
    }

    /** The status as of now. */
    public ReplayProgress status(ReplayProgress.State state, Instant now, Optional<String> message) {
        return new ReplayProgress(request.replayId(), plan.target(), plan.partition(),
                Math.min(position, plan.endOffset()), counts(), state, now, instanceId, message);
    }

    @Override
    public String toString() {
        return "Replaying[" + request.replayId() + " " + plan.partition() + " at " + position + " of ["
                + plan.startOffset() + ", " + plan.endOffset() + ")]";
    }
}
