package dev.rewind.cli;

import dev.rewind.api.events.DlqEntry;
import dev.rewind.api.events.EventOutput;
import dev.rewind.api.events.EventStory;
import dev.rewind.api.events.EventView;
import dev.rewind.api.events.Outcome;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code rewind events show ID}: one event, every processing of it, its outputs and DLQ entries. */
@Command(name = "show", description = "Show one event: payload, every processing (live and replay), outputs, DLQ.")
final class EventsShowCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "EVENT_ID", description = "The event's id.")
    String eventId;

    @Override
    public Integer call() {
        EventStory result = client().event(eventId);
        if (json()) {
            printJson(result);
            return ExitCodes.DONE;
        }
        EventView event = result.event();
        out().printf(Locale.ROOT, "event    %s (%s)%n", text(event.eventId()), text(event.type()));
        out().printf(Locale.ROOT, "time     %s%n", text(event.timestamp()));
        out().printf(Locale.ROOT, "source   %s-%s@%s%n", text(event.topic()), text(event.partition()),
                text(event.offset()));
        out().printf(Locale.ROOT, "cohort   %s%n", event.cohort() == null ? "-" : toCompactJson(event.cohort()));
        out().printf(Locale.ROOT, "payload  %s%n", event.payload() == null ? "-" : toCompactJson(event.payload()));
        out().printf(Locale.ROOT, "%n%-12s %-8s %-7s %-12s %10s  %s%n", "VERSION", "MODE", "STATUS", "REPLAY",
                "MICROS", "ERROR");
        for (Outcome p : result.processings()) {
            out().printf(Locale.ROOT, "%-12s %-8s %-7s %-12s %10d  %s%n", text(p.version()), text(p.mode()),
                    text(p.status()), text(p.replayId()), p.durationMicros(), text(p.error()));
        }
        for (EventOutput o : result.outputs()) {
            out().printf(Locale.ROOT, "output   %s -> %s-%s@%s%n", text(o.version()), text(o.topic()),
                    text(o.partition()), text(o.offset()));
        }
        for (DlqEntry d : result.dlq()) {
            out().printf(Locale.ROOT, "dlq      %s at %s: %s%n", text(d.version()), text(d.failedAt()),
                    text(d.reason()));
        }
        out().flush();
        return ExitCodes.DONE;
    }
}
