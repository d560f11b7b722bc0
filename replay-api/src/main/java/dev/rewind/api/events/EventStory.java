package dev.rewind.api.events;

import dev.rewind.api.OpenApiSchema;
import java.util.List;

/**
 * Body of {@code GET /api/v1/events/{eventId}}: one event, every processing of it (live and
 * replay), every output and every dead-letter entry.
 *
 * @param event the event
 * @param processings every processing, oldest first
 * @param outputs every record emitted for it
 * @param dlq its dead-letter entries
 */
@OpenApiSchema("EventStory")
public record EventStory(EventView event, List<Outcome> processings, List<EventOutput> outputs,
        List<DlqEntry> dlq) {

    /** Copies the lists. */
    public EventStory {
        processings = processings == null ? List.of() : List.copyOf(processings);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        dlq = dlq == null ? List.of() : List.copyOf(dlq);
    }
}
