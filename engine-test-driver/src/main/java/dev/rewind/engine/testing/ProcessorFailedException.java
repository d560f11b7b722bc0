package dev.rewind.engine.testing;

import dev.rewind.engine.processor.Event;

/**
 * The processor threw while processing an event. As in the runtime, that event's outputs and state
 * writes were discarded; the driver stays usable for the next event. The runtime would in addition
 * write an error outcome and send the event to {@code rewind.dlq.<component>}.
 */
public final class ProcessorFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Event event;

    /** Wraps the processor's exception. */
    public ProcessorFailedException(Event event, Throwable cause) {
        super("Processor failed on " + event + ": " + cause, cause);
        this.event = event;
    }

    /** The event that failed. */
    public Event event() {
        return event;
    }
}
