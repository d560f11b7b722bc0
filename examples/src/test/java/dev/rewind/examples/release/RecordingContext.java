package dev.rewind.examples.release;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessingMode;
import dev.rewind.engine.processor.ProcessorContext;
import dev.rewind.engine.processor.StateStore;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;

/**
 * A minimal in-memory engine for unit tests of the processor's own logic: latest-value state per
 * entity, discarded when the processor throws (as the runtime's transaction would), and the
 * emitted records in order. Versioned state and replays are the engine's business and tested there.
 */
final class RecordingContext {

    record Emitted(String topic, String key, GenericRecord value) {
    }

    private final Map<ByteBuffer, byte[]> state = new HashMap<>();
    private final List<Emitted> emitted = new ArrayList<>();
    private final ComponentVersion componentVersion;

    RecordingContext(ComponentVersion componentVersion) {
        this.componentVersion = componentVersion;
    }

    List<Emitted> emitted() {
        return emitted;
    }

    /** Runs the processor on the event; its state writes and outputs count only if it returns. */
    void process(EventProcessor processor, Event event) throws Exception {
        ByteBuffer entity = ByteBuffer.wrap(event.key());
        byte[][] pending = {state.get(entity)};
        List<Emitted> outputs = new ArrayList<>();
        StateStore store = new StateStore() {
            @Override
            public byte[] entity() {
                return event.key();
            }

            @Override
            public Optional<byte[]> get() {
                return Optional.ofNullable(pending[0]);
            }

            @Override
            public Optional<byte[]> getAsOf(Instant time) {
                return get();
            }

            @Override
            public void put(byte[] value) {
                pending[0] = value.clone();
            }

            @Override
            public void delete() {
                pending[0] = null;
            }
        };
        processor.process(event, new ProcessorContext() {
            @Override
            public void emit(String topic, String key, Object value) {
                outputs.add(new Emitted(topic, key, (GenericRecord) value));
            }

            @Override
            public StateStore state() {
                return store;
            }

            @Override
            public ProcessingMode mode() {
                return ProcessingMode.live();
            }

            @Override
            public ComponentVersion componentVersion() {
                return componentVersion;
            }

            @Override
            public Instant eventTime() {
                return event.time();
            }
        });
        state.put(entity, pending[0]);
        emitted.addAll(outputs);
    }
}
