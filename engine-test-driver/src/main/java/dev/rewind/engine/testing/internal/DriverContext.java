package dev.rewind.engine.testing.internal;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.ProcessingMode;
import dev.rewind.engine.processor.ProcessorContext;
import dev.rewind.engine.processor.StateStore;
import dev.rewind.engine.testing.EmittedRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** The context the test driver passes for one event; collects outputs like the runtime would. */
public final class DriverContext implements ProcessorContext {

    private final Event event;
    private final StateStore state;
    private final ProcessingMode mode;
    private final ComponentVersion componentVersion;
    private final List<EmittedRecord> emitted = new ArrayList<>();
    private boolean open = true;

    /** A context for one event. */
    public DriverContext(Event event, StateStore state, ProcessingMode mode, ComponentVersion componentVersion) {
        this.event = event;
        this.state = state;
        this.mode = mode;
        this.componentVersion = componentVersion;
    }

    @Override
    public void emit(String topic, String key, Object value) {
        requireOpen();
        Objects.requireNonNull(topic, "topic");
        checkSerializable(value);
        emitted.add(new EmittedRecord(topic, key, value, event.eventId(), componentVersion, mode.replayId()));
    }

    @Override
    public StateStore state() {
        requireOpen();
        return state;
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

    /** The records emitted so far; closes the context, as the runtime does after the call. */
    public List<EmittedRecord> close() {
        open = false;
        return List.copyOf(emitted);
    }

    private void requireOpen() {
        if (!open) {
            throw new IllegalStateException("The processor context of " + event.eventId()
                    + " was used after process() returned; contexts are valid only during the call");
        }
    }

    /** Serializes the value like the runtime's Avro serde would, so bad records fail in tests too. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void checkSerializable(Object value) {
        if (value == null || value instanceof byte[]) {
            return;
        }
        if (!(value instanceof GenericRecord record)) {
            throw new IllegalArgumentException("Cannot emit a " + value.getClass().getName()
                    + ": emit a SpecificRecord, a GenericRecord, a byte[] or null");
        }
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(OutputStream.nullOutputStream(), null);
        try {
            if (value instanceof SpecificRecord) {
                new SpecificDatumWriter(record.getSchema()).write(record, encoder);
            } else {
                new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            }
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Record of type " + record.getSchema().getFullName()
                    + " cannot be serialized with its schema: " + e, e);
        }
    }
}
