package dev.rewind.engine.runtime.spi;

import dev.rewind.engine.dlq.DlqReason;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventId;
import java.util.Objects;
import java.util.Optional;

/** The result of decoding one source record: an {@link Event} or the reason it is not one. */
public sealed interface DecodeResult permits DecodeResult.Decoded, DecodeResult.Rejected {

    /** A well-formed event. */
    public record Decoded(Event event) implements DecodeResult {
        public Decoded {
            Objects.requireNonNull(event, "event");
        }
    }

    /**
     * A record that goes to the dead-letter topic.
     *
     * @param reason the class of problem
     * @param detail a sentence for people
     * @param eventId the event id when it could be read (then an ERROR outcome is written)
     * @param eventType the record's full name when it decoded
     * @param cohort the cohort when it could be read, otherwise none
     */
    public record Rejected(DlqReason reason, String detail, Optional<EventId> eventId, Optional<String> eventType,
                    Cohort cohort) implements DecodeResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(eventType, "eventType");
            Objects.requireNonNull(cohort, "cohort");
        }

    static Rejected undecoded(DlqReason reason, String detail) {
            return new Rejected(reason, detail, Optional.empty(), Optional.empty(), Cohort.none());
        }
    }
}
