package dev.rewind.engine.dlq;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.EventId;
import dev.rewind.schemas.avro.DlqEntry;
import dev.rewind.schemas.avro.HeaderEntry;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Builds {@link DlqEntry} records carrying a source record unchanged. Thread-safe. */
public final class DlqEntryFactory {

    private final ComponentVersion componentVersion;
    private final Clock clock;

    public DlqEntryFactory(ComponentVersion componentVersion, Clock clock) {
        this.componentVersion = componentVersion;
        this.clock = clock;
    }

    /**
     * A dead letter for {@code source}.
     *
     * @param reason the class of problem
     * @param detail a sentence for people
     * @param error the exception, if any
     */
    public DlqEntry create(ConsumerRecord<byte[], byte[]> source, Optional<EventId> eventId, DlqReason reason,
                           String detail, Throwable error) {
        List<HeaderEntry> headers = new ArrayList<>();
        for (Header header : source.headers()) {
            headers.add(new HeaderEntry(header.key(), wrap(header.value())));
        }
        return DlqEntry.newBuilder()
                .setEventId(eventId.map(EventId::value).orElse(null))
                .setComponent(componentVersion.component())
                .setVersion(componentVersion.version())
                .setReason(reason.name() + ": " + detail)
                .setErrorClass(error == null ? null : error.getClass().getName())
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .setTimestamp(Instant.ofEpochMilli(source.timestamp()))
                .setKey(wrap(source.key()))
                .setValue(wrap(source.value()))
                .setHeaders(headers)
                .setFailedAt(clock.instant())
                .build();
    }

    /**
     * The same dead letter without the original key, value and headers, for an original too large
     * (or otherwise impossible) to copy: the source topic, partition and offset still locate it.
     */
    public DlqEntry withoutPayload(DlqEntry entry) {
        return DlqEntry.newBuilder(entry).setKey(null).setValue(null).setHeaders(List.of()).build();
    }

    /**
     * The same dead letter attributed to no version ({@code version} empty): for records no version
     * owns, which one version writes on behalf of all ({@link DlqReason#UNROUTABLE} and the reasons
     * a record is not an event).
     */
    public DlqEntry onBehalfOfNone(DlqEntry entry) {
        return DlqEntry.newBuilder(entry).setVersion("").build();
    }

    private static ByteBuffer wrap(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes.clone());
    }
}
