package dev.rewind.engine.outcome;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventId;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.avro.OutcomeStatus;
import dev.rewind.schemas.avro.OutputRef;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Builds {@link Outcome} records for one component version instance. Thread-safe. */
public final class OutcomeFactory {

    private final ComponentVersion componentVersion;
    private final String instanceId;
    private final Clock clock;

    public OutcomeFactory(ComponentVersion componentVersion, String instanceId, Clock clock) {
        this.componentVersion = componentVersion;
        this.instanceId = instanceId;
        this.clock = clock;
    }

    /** The event was processed; {@code outputs} are the records it emitted. */
    public Outcome ok(Event event, Optional<ReplayId> replayId, List<OutputRef> outputs, long micros) {
        Outcome outcome = base(event.eventId(), event.type(), event.cohort(), event.time(), event.topic(),
                event.partition(), event.offset(), replayId);
        outcome.setStatus(OutcomeStatus.OK);
        outcome.setOutputs(outputs);
        outcome.setDurationMicros(micros);
        return outcome;
    }

    /** The event was dropped as a second copy of an event processed within the dedupe window. */
    public Outcome duplicate(Event event, Optional<ReplayId> replayId) {
        Outcome outcome = base(event.eventId(), event.type(), event.cohort(), event.time(), event.topic(),
                event.partition(), event.offset(), replayId);
        outcome.setStatus(OutcomeStatus.SKIPPED_DUP);
        outcome.setOutputs(List.of());
        outcome.setDurationMicros(0);
        return outcome;
    }

    /** The event went to the dead-letter topic. */
    public Outcome error(EventId eventId, String eventType, Cohort cohort, ConsumerRecord<?, ?> source,
                         Optional<ReplayId> replayId, String error, long micros) {
        Outcome outcome = base(eventId, eventType, cohort, Instant.ofEpochMilli(source.timestamp()), source.topic(),
                source.partition(), source.offset(), replayId);
        outcome.setStatus(OutcomeStatus.ERROR);
        outcome.setOutputs(List.of());
        outcome.setDurationMicros(micros);
        outcome.setError(error);
        return outcome;
    }

    /** The Avro form of a cohort. */
    public static dev.rewind.schemas.avro.Cohort toAvro(Cohort cohort) {
        return new dev.rewind.schemas.avro.Cohort(cohort.customer().orElse(null), cohort.plan().orElse(null),
                cohort.project().orElse(null));
    }

    /**
     * An outcome's common fields, set on the record directly: Avro's builders look up and copy each
     * unset field's default and validate each value, per event (bench/results/profiles.md).
     */
    private Outcome base(EventId eventId, String type, Cohort cohort, Instant time, String topic,
                         int partition, long offset, Optional<ReplayId> replayId) {
        Outcome outcome = new Outcome();
        outcome.setEventId(eventId.value());
        outcome.setComponent(componentVersion.component());
        outcome.setVersion(componentVersion.version());
        outcome.setReplayId(replayId.isPresent() ? replayId.get().value() : null);
        outcome.setEventType(type);
        outcome.setCohort(toAvro(cohort));
        outcome.setEventTime(time);
        outcome.setSourceTopic(topic);
        outcome.setSourcePartition(partition);
        outcome.setSourceOffset(offset);
        outcome.setProcessedAt(clock.instant());
        outcome.setInstanceId(instanceId);
        return outcome;
    }
}
