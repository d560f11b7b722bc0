package dev.rewind.protocol.control;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.schemas.avro.DryRunDifference;
import dev.rewind.schemas.avro.DryRunDifferenceKind;
import dev.rewind.schemas.avro.DryRunResult;
import dev.rewind.schemas.avro.DryRunState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a dry run found (key {@code dryrun/<replayId>}, protocol/REPLAY-PROTOCOL.md): the outputs the version would produce
 * for the window's events of the cohort, compared with those committed for the same events. Written once by the
 * engine instance that ran the dry run; the service shows it.
 *
 * @param replayId the dry run's replay
 * @param target the version run in the sandbox
 * @param selector the cohort
 * @param window the event-time window
 * @param events events run in the sandbox
 * @param same outputs identical (topic, key, value bytes) to a committed one
 * @param changed outputs with the same topic and key as a committed one but another value
 * @param added outputs without a committed counterpart
 * @param missing committed outputs the version would no longer produce
 * @param errored events the processor failed on
 * @param sample some of the differences
 * @param failed whether the dry run itself failed
 * @param message why it failed, if it did
 * @param completedAt when it finished
 * @param instanceId the instance that ran it
 */
public record DryRunReport(ReplayId replayId, ComponentVersion target, CohortSelector selector, ReplayWindow window,
        long events, long same, long changed, long added, long missing, long errored, List<Difference> sample,
        boolean failed, Optional<String> message, Instant completedAt, String instanceId) implements ControlValue {

    /** Validates and copies. */
    public DryRunReport {
        Objects.requireNonNull(replayId, "replayId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(window, "window");
        sample = List.copyOf(sample);
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(completedAt, "completedAt");
        Objects.requireNonNull(instanceId, "instanceId");
        if (events < 0 || same < 0 || changed < 0 || added < 0 || missing < 0 || errored < 0) {
            throw new IllegalArgumentException("Dry-run counts of replay " + replayId + " must not be negative");
        }
    }

    /** How one output differs. */
    public enum DifferenceKind {
        /** Same topic and key, another value. */
        CHANGED,
        /** Produced by the version, not committed. */
        NEW,
        /** Committed, no longer produced by the version. */
        MISSING
    }

    /**
     * One difference between what was committed and what the version would produce.
     *
     * @param eventId the event
     * @param kind how it differs
     * @param topic output topic
     * @param key output key, if any
     * @param expected the committed output (JSON when Avro), if any
     * @param actual the sandbox output (JSON when Avro), if any
     */
    public record Difference(String eventId, DifferenceKind kind, String topic, Optional<String> key,
            Optional<String> expected, Optional<String> actual) {

        /** Validates. */
        public Difference {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(actual, "actual");
        }
    }

    /** The key this report is written under. */
    public ControlKey key() {
        return ControlKey.of(ControlKey.Kind.DRY_RUN, replayId, Optional.empty());
    }

    /** The record written to {@code rewind.control}. */
    public DryRunResult toAvro() {
        return DryRunResult.newBuilder().setReplayId(replayId.value()).setComponent(target.component())
                .setVersion(target.version()).setSelector(selector.toString()).setFrom(window.from())
                .setTo(window.to()).setEvents(events).setSame(same).setChanged(changed).setAdded(added)
                .setMissing(missing).setErrored(errored)
                .setSample(sample.stream().map(d -> DryRunDifference.newBuilder().setEventId(d.eventId())
                        .setKind(DryRunDifferenceKind.valueOf(d.kind().name())).setTopic(d.topic())
                        .setKey(d.key().orElse(null)).setExpected(d.expected().orElse(null))
                        .setActual(d.actual().orElse(null)).build()).toList())
                .setState(failed ? DryRunState.FAILED : DryRunState.COMPLETED).setMessage(message.orElse(null))
                .setCompletedAt(completedAt).setInstanceId(instanceId).build();
    }

    /**
     * Reads a dry-run record.
     *
     * @throws IllegalArgumentException if it is invalid
     */
    public static DryRunReport fromAvro(DryRunResult r) {
        return new DryRunReport(ReplayId.of(r.getReplayId()), new ComponentVersion(r.getComponent(), r.getVersion()),
                CohortSelector.parse(r.getSelector()), new ReplayWindow(r.getFrom(), r.getTo()), r.getEvents(),
                r.getSame(), r.getChanged(), r.getAdded(), r.getMissing(), r.getErrored(),
                r.getSample().stream().map(d -> new Difference(d.getEventId(), DifferenceKind.valueOf(d.getKind().name()),
                        d.getTopic(), Optional.ofNullable(d.getKey()), Optional.ofNullable(d.getExpected()),
                        Optional.ofNullable(d.getActual()))).toList(),
                r.getState() == DryRunState.FAILED, Optional.ofNullable(r.getMessage()), r.getCompletedAt(),
                r.getInstanceId());
    }
}
