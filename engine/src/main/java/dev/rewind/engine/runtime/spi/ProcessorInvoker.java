package dev.rewind.engine.runtime.spi;

import dev.rewind.engine.runtime.internal.EngineProcessorContext;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessingMode;
import java.util.List;

/**
 * Calls the processor for one event and captures what it emitted, how long it took, or how it
 * failed; the one way the runtime, dry runs and the test driver call a processor.
 */
public final class ProcessorInvoker {

    /** The result of one call; {@code failure} is {@code null} on success. */
    public record Invocation(List<Emitted> outputs, long micros, Throwable failure) {
        public boolean failed() {
            return failure != null;
        }
    }

    private final ComponentVersion componentVersion;
    private final EventProcessor processor;
    private final EventState state;

    public ProcessorInvoker(ComponentVersion componentVersion, EventProcessor processor, EventState state) {
        this.componentVersion = componentVersion;
        this.processor = processor;
        this.state = state;
    }

    public Invocation invoke(Event event, ProcessingMode mode) {
        EngineProcessorContext context = new EngineProcessorContext(componentVersion, event, mode, state);
        long start = System.nanoTime();
        state.beginEvent(event);
        try {
            processor.process(event, context);
        } catch (Exception | LinkageError | AssertionError e) {
            // A processor bug is the event's failure, not the runtime's: it goes to the DLQ.
            context.close();
            state.discardEvent();
            return new Invocation(List.of(), micros(start), e);
        }
        return new Invocation(context.close(), micros(start), null);
    }

    /** Keeps the state writes of the last successful invocation (after its outputs were written). */
    public void keep() {
        state.keepEvent();
    }

    /** Drops the state writes of the last invocation (its outputs could not be written). */
    public void discard() {
        state.discardEvent();
    }

    private static long micros(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000;
    }
}
