package dev.rewind.engine.shadow.internal;

import dev.rewind.engine.replay.OutputComparison;
import dev.rewind.engine.replay.OutputComparison.Output;
import dev.rewind.engine.shadow.ShadowSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Joins, by event id, three streams that arrive in any order: what the shadow produced for an event,
 * the owning version's outcome for it (its first live processing, {@code OK} or {@code ERROR}) and
 * the owner's committed live outputs of the event (found by their {@code rewind.event-id} and
 * {@code rewind.version} headers, without {@code rewind.replay-id}; the outcome says how many). Once the three are
 * there the event is compared ({@link OutputComparison}: an owner's {@code ERROR} produced no output,
 * nor did a failed shadow processing). An event whose outcome has not arrived within the settle
 * timeout is counted as unmatched. An outcome is kept until the shadow has read past its event's source
 * offset ({@link #passed}): then the shadow either processed the event (and the outcome is joined) or did not
 * (another cohort, before the start) and it is dropped, with its outputs; so memory is bounded by how far the
 * owner runs ahead of the shadow, whichever of the two lags. Outputs whose outcome was not kept are dropped
 * after {@value #ORPHAN_OUTPUT_TIMEOUTS} settle timeouts (outcome and outputs become visible together, in one
 * transaction, but are read from different topics).
 *
 * <p>Pure (the caller passes the time) and not thread-safe.
 */
public final class LiveJoin {

    /** How many settle timeouts an output whose outcome was not kept (yet) is kept. */
    static final int ORPHAN_OUTPUT_TIMEOUTS = 5;

    private final Duration settleTimeout;
    private final OutputComparison comparison = new OutputComparison();
    private final Map<String, Shadowed> shadowed = new LinkedHashMap<>();
    private final Map<String, Timed<OwnerOutcome>> outcomes = new HashMap<>();
    /** Kept outcomes by source partition and offset, to drop those the shadow has passed. */
    private final Map<SourcePartition, TreeMap<Long, String>> bySource = new HashMap<>();
    private final Map<SourcePartition, Long> positions = new HashMap<>();
    private final Map<Produced, Timed<List<Output>>> outputs = new HashMap<>();
    private final Map<String, Long> owners = new TreeMap<>();
    private long events;
    private long unmatched;
    private long shadowErrors;
    private long ownerErrors;

    /** Which processing wrote an output: the event and the version (live, not a replay). */
    public record Produced(String eventId, String version) {
        /** Validates. */
        public Produced {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(version, "version");
        }
    }

    /** A source partition. */
    public record SourcePartition(String topic, int partition) {
        /** Validates. */
        public SourcePartition {
            Objects.requireNonNull(topic, "topic");
        }
    }

    /**
     * The owner's first live processing of an event.
     *
     * @param version the owning version
     * @param ok whether it succeeded ({@code OK}) or failed ({@code ERROR})
     * @param outputs how many outputs it wrote (0 when it failed)
     * @param source the event's source partition
     * @param offset the event's source offset
     */
    public record OwnerOutcome(String version, boolean ok, int outputs, SourcePartition source, long offset) {
        /** Validates. */
        public OwnerOutcome {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(source, "source");
        }
    }

    private record Shadowed(List<Output> outputs, boolean failed, Instant at) {
    }

    private record Timed<T>(T value, Instant at) {
    }

    /** @param settleTimeout how long to wait for an event's owner outcome and outputs */
    public LiveJoin(Duration settleTimeout) {
        this.settleTimeout = Objects.requireNonNull(settleTimeout, "settleTimeout");
    }

    /** The shadow processed an event: its outputs, or a failure (no outputs). */
    public void shadowed(String eventId, List<Output> shadowOutputs, boolean failed, Instant now) {
        if (shadowed.putIfAbsent(eventId, new Shadowed(List.copyOf(shadowOutputs), failed, now)) == null) {
            events++;
        }
    }

    /** The owner's outcome for an event; only the first one counts. */
    public void outcome(String eventId, OwnerOutcome outcome, Instant now) {
        Long position = positions.get(outcome.source());
        if (!shadowed.containsKey(eventId) && position != null && outcome.offset() < position) {
            return; // the shadow passed this event without running it
        }
        if (outcomes.putIfAbsent(eventId, new Timed<>(outcome, now)) == null) {
            bySource.computeIfAbsent(outcome.source(), s -> new TreeMap<>()).put(outcome.offset(), eventId);
        }
    }

    /**
     * The shadow has read a source partition up to {@code position} (exclusive): outcomes of events before it
     * that the shadow did not run are dropped.
     */
    public void passed(SourcePartition source, long position) {
        positions.merge(source, position, Math::max);
        TreeMap<Long, String> kept = bySource.get(source);
        if (kept == null) {
            return;
        }
        for (Iterator<String> it = kept.headMap(position).values().iterator(); it.hasNext(); ) {
            String eventId = it.next();
            if (!shadowed.containsKey(eventId)) {
                drop(eventId);
                it.remove();
            }
        }
    }

    private void drop(String eventId) {
        Timed<OwnerOutcome> outcome = outcomes.remove(eventId);
        if (outcome != null) {
            outputs.remove(new Produced(eventId, outcome.value().version()));
        }
    }

    /** A committed live output record of an output topic, in the order read. */
    public void output(Produced by, Output output, Instant now) {
        Timed<List<Output>> known = outputs.get(by);
        List<Output> list = known == null ? new ArrayList<>() : known.value();
        list.add(output);
        outputs.put(by, new Timed<>(list, now));
    }

    /** Compares every event whose parts are all there; gives up on those waiting too long. */
    public void settle(Instant now) {
        Instant giveUp = now.minus(settleTimeout);
        for (Iterator<Map.Entry<String, Shadowed>> it = shadowed.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Shadowed> entry = it.next();
            Timed<OwnerOutcome> outcome = outcomes.get(entry.getKey());
            boolean late = entry.getValue().at().isBefore(giveUp);
            if (outcome == null) {
                if (late) {
                    unmatched++;
                    it.remove();
                }
            } else if (late || read(entry.getKey(), outcome.value()).size() >= outcome.value().outputs()) {
                compare(entry.getKey(), entry.getValue(), outcome.value());
                outcomes.remove(entry.getKey());
                TreeMap<Long, String> kept = bySource.get(outcome.value().source());
                if (kept != null) {
                    kept.remove(outcome.value().offset());
                }
                it.remove();
            }
        }
        // outcome and outputs commit together, but the consumer may read one topic's backlog well before the
        // other's: an output waits a few settle timeouts for its outcome
        Instant orphaned = now.minus(settleTimeout.multipliedBy(ORPHAN_OUTPUT_TIMEOUTS));
        outputs.entrySet().removeIf(e -> e.getValue().at().isBefore(orphaned)
                && !outcomes.containsKey(e.getKey().eventId()));
    }

    private void compare(String eventId, Shadowed shadow, OwnerOutcome owner) {
        List<Output> expected = read(eventId, owner);
        outputs.remove(new Produced(eventId, owner.version()));
        if (!owner.ok()) {
            ownerErrors++;
        }
        if (shadow.failed()) {
            shadowErrors++;
        }
        owners.merge(owner.version(), 1L, Long::sum);
        comparison.add(eventId, owner.ok() ? expected : List.of(), shadow.outputs());
    }

    private List<Output> read(String eventId, OwnerOutcome owner) {
        Timed<List<Output>> read = outputs.get(new Produced(eventId, owner.version()));
        return read == null ? List.of() : List.copyOf(read.value());
    }

    /** The counts so far, as the fields of a snapshot (the caller adds who, what and when). */
    public Counts counts() {
        List<ShadowSnapshot.Difference> sample = comparison.sample().stream()
                .map(d -> new ShadowSnapshot.Difference(d.getEventId(), d.getKind().name().toLowerCase(Locale.ROOT),
                        d.getTopic(), d.getKey(), d.getExpected(), d.getActual()))
                .toList();
        return new Counts(events, comparison.events(), shadowed.size(), unmatched, comparison.same(),
                comparison.changed(), comparison.added(), comparison.missing(), shadowErrors, ownerErrors,
                Map.copyOf(owners), sample);
    }

    /**
     * The join's counts.
     *
     * @param events events the shadow processed
     * @param compared events compared
     * @param pending events waiting for their owner's outcome or outputs
     * @param unmatched events given up on (no owner outcome within the settle timeout)
     * @param same equal outputs
     * @param changed outputs of the same topic and key with another value
     * @param added outputs only the shadow produced
     * @param missing outputs only the owner produced
     * @param shadowErrors compared events the shadow failed on
     * @param ownerErrors compared events the owner failed on
     * @param owners compared events per owning version
     * @param sample the first differences
     */
    public record Counts(long events, long compared, long pending, long unmatched, long same, long changed,
            long added, long missing, long shadowErrors, long ownerErrors, Map<String, Long> owners,
            List<ShadowSnapshot.Difference> sample) {
    }
}
