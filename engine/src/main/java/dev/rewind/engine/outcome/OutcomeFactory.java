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
        return base(event.eventId(), event.type(), event.cohort(), event.time(), event.topic(),
                event.partition(), event.offset(), replayId)
                .setStatus(OutcomeStatus.OK).setOutputs(outputs).setDurationMicros(micros).build();
    }

    /** The event was dropped as a second copy of an event processed within the dedupe window. */
    public Outcome duplicate(Event event, Optional<ReplayId> replayId) {
        return base(event.eventId(), event.type(), event.cohort(), event.time(), event.topic(),
                event.partition(), event.offset(), replayId)
                .setStatus(OutcomeStatus.SKIPPED_DUP).setOutputs(List.of()).setDurationMicros(0).build();
    }

    /** The event went to the dead-letter topic. */
    public Outcome error(EventId eventId, String eventType, Cohort cohort, ConsumerRecord<?, ?> source,
                         Optional<ReplayId> replayId, String error, long micros) {
        return base(eventId, eventType, cohort, Instant.ofEpochMilli(source.timestamp()), source.topic(),
                source.partition(), source.offset(), replayId)
                .setStatus(OutcomeStatus.ERROR).setOutputs(List.of()).setDurationMicros(micros)
                .setError(error).build();
    }

    /** The Avro form of a cohort. */
    public static dev.rewind.schemas.avro.Cohort toAvro(Cohort cohort) {
        return dev.rewind.schemas.avro.Cohort.newBuilder()
                .setCustomer(cohort.customer().orElse(null))
                .setPlan(cohort.plan().orElse(null))
                .setProject(cohort.project().orElse(null))
                .build();
    }

    private Outcome.Builder base(EventId eventId, String type, Cohort cohort, Instant time, String topic,
                                 int partition, long offset, Optional<ReplayId> replayId) {
        return Outcome.newBuilder()
                .setEventId(eventId.value())
                .setComponent(componentVersion.component())
                .setVersion(componentVersion.version())
                .setReplayId(replayId.map(ReplayId::value).orElse(null))
                .setEventType(type)
                .setCohort(toAvro(cohort))
                .setEventTime(time)
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setProcessedAt(clock.instant())
                .setInstanceId(instanceId);
    }
}
