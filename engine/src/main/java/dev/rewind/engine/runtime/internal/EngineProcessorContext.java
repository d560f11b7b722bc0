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

/** The context of one {@code process} call: collects outputs so a failure can drop them all. */
public final class EngineProcessorContext implements ProcessorContext {

    private final ComponentVersion componentVersion;
    private final Event event;
    private final ProcessingMode mode;
    private final EventState state;
    private final List<Emitted> emitted = new ArrayList<>();
    private StateStore store;

    public EngineProcessorContext(ComponentVersion componentVersion, Event event, ProcessingMode mode,
                           EventState state) {
        this.componentVersion = componentVersion;
        this.event = event;
        this.mode = mode;
        this.state = state;
    }

    @Override
    public void emit(String topic, String key, Object value) {
        Objects.requireNonNull(topic, "topic");
        if (topic.isBlank() || topic.startsWith("rewind.") || topic.equals(event.topic())) {
            throw new IllegalArgumentException("Cannot emit to '" + topic + "': outputs go to the"
                    + " component's own output topics, not to rewind's or the source topic");
        }
        if (value != null && !(value instanceof GenericContainer) && !(value instanceof byte[])) {
            throw new IllegalArgumentException("Cannot emit a " + value.getClass().getName()
                    + ": emit an Avro record (specific or generic), byte[] or null");
        }
        emitted.add(new Emitted(topic, key, value));
    }

    @Override
    public StateStore state() {
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

    public List<Emitted> emitted() {
        return List.copyOf(emitted);
    }
}
