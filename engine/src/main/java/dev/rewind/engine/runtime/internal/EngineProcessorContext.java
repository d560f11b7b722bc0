package dev.rewind.engine.runtime.internal;

import dev.rewind.engine.runtime.spi.Emitted;
import dev.rewind.engine.runtime.spi.EventState;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.ProcessingMode;
import dev.rewind.engine.processor.ProcessorContext;
import dev.rewind.engine.processor.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.generic.GenericContainer;

/**
 * The context of one {@code process} call: collects outputs so a failure can drop them all, and
 * refuses to be used after the call returned ({@link ProcessorContext}'s contract). Used by the
 * runtime, dry runs and the test driver alike, through {@code ProcessorInvoker}.
 */
public final class EngineProcessorContext implements ProcessorContext {

    private final ComponentVersion componentVersion;
    private final Event event;
    private final ProcessingMode mode;
    private final EventState state;
    private final List<Emitted> emitted = new ArrayList<>();
    private StateStore store;
    private boolean open = true;

    public EngineProcessorContext(ComponentVersion componentVersion, Event event, ProcessingMode mode,
                           EventState state) {
        this.componentVersion = componentVersion;
        this.event = event;
        this.mode = mode;
        this.state = state;
    }

    @Override
    public void emit(String topic, String key, Object value) {
        requireOpen();
        Objects.requireNonNull(topic, "topic");
        if (topic.isBlank() || topic.startsWith("rewind.") || topic.equals(event.topic())) {
            throw new IllegalArgumentException("Cannot emit to '" + topic + "': outputs go to the"
                    + " component's own output topics, not to rewind's or the source topic");
        }
        if (value != null && !(value instanceof GenericContainer) && !(value instanceof byte[])) {
            throw new IllegalArgumentException("Cannot emit a " + value.getClass().getName()
                    + ": emit a SpecificRecord, a GenericRecord, a byte[] or null");
        }
        emitted.add(new Emitted(topic, key, value));
    }

    @Override
    public StateStore state() {
        requireOpen();
        if (store == null) {
            store = state.storeFor(event);
        }
        return store;
    }

    @Override
    public ProcessingMode mode() {
        return mode;
    }

    @Override
    public ComponentVersion componentVersion() {
        return componentVersion;
    }

    @Override
    public Instant eventTime() {
        return event.time();
    }

    /** Ends the call: returns what was emitted; any later use of the context fails. */
    public List<Emitted> close() {
        open = false;
        return List.copyOf(emitted);
    }

    private void requireOpen() {
        if (!open) {
            throw new IllegalStateException("The processor context of " + event.eventId()
                    + " was used after process() returned; contexts are valid only during the call");
        }
    }
}
