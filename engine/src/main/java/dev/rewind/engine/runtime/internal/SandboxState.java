package dev.rewind.engine.runtime.internal;

import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.StateStore;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A dry run's entity state: in memory only, thrown away with the dry run. It starts empty: the real
 * stores belong to the consumer thread and are not safe to read from the dry run's thread, so a
 * stateful processor's dry run sees only the state the window's own events build up.
 */
final class SandboxState implements EventState {

    private final Map<ByteBuffer, Optional<byte[]>> values = new HashMap<>();
    private Map<ByteBuffer, Optional<byte[]>> staged = new HashMap<>();

    @Override
    public void beginEvent(Event event) {
        staged = new HashMap<>();
    }

    @Override
    public StateStore storeFor(Event event) {
        ByteBuffer entity = ByteBuffer.wrap(event.key());
        return new StateStore() {
            @Override
            public byte[] entity() {
                return event.key();
            }

            @Override
            public Optional<byte[]> get() {
                Optional<byte[]> value = staged.get(entity);
                return value != null ? value : values.getOrDefault(entity, Optional.empty());
            }

            @Override
            public Optional<byte[]> getAsOf(Instant time) {
                return get();
            }

            @Override
            public void put(byte[] value) {
                staged.put(entity, Optional.of(value.clone()));
            }

            @Override
            public void delete() {
                staged.put(entity, Optional.empty());
            }
        };
    }

    @Override
    public void discardEvent() {
        staged = new HashMap<>();
    }

    @Override
    public void keepEvent() {
        values.putAll(staged);
        staged = new HashMap<>();
    }

    @Override
    public void forgetFrom(Event event, Instant from) {
        values.remove(ByteBuffer.wrap(event.key()));
    }

    @Override
    public EventState sandboxAsOf(Instant from) {
        return new SandboxState();
    }
}
