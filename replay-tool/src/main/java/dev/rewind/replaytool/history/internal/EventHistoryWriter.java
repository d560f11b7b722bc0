package dev.rewind.replaytool.history.internal;

import dev.rewind.replaytool.history.EventHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds each update into its event's history; exactly-once processing makes the fold exact.
 *
 * <p>A key-value store has no retention of its own, so histories of events older than the
 * retention (by event time, against stream time, like the cohort index) are purged by a
 * stream-time punctuation every twentieth of the retention (at least a minute).
 */
final class EventHistoryWriter implements Processor<String, HistoryUpdate, Void, Void> {

    private final Duration retention;
    private final LocalStores local;
    private KeyValueStore<String, EventHistory> store;
    private int partition;

    EventHistoryWriter(Duration retention, LocalStores local) {
        this.retention = retention;
        this.local = local;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(HistoryTopology.EVENT_STORE);
        partition = context.taskId().partition();
        // queries read the task's own store (see LocalStores)
        local.addProcessings(partition, store);
        Duration every = retention.dividedBy(20).compareTo(Duration.ofMinutes(1)) < 0
                ? Duration.ofMinutes(1) : retention.dividedBy(20);
        context.schedule(every, PunctuationType.STREAM_TIME, this::purgeBefore);
    }

    @Override
    public void close() {
        if (store != null) {
            local.removeProcessings(partition, store);
        }
    }

    @Override
    public void process(Record<String, HistoryUpdate> record) {
        store.put(record.key(), record.value().applyTo(store.get(record.key())));
    }

    private void purgeBefore(long streamTime) {
        long cutoff = streamTime - retention.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, EventHistory> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, EventHistory> entry = it.next();
                if (entry.value.ref() != null && entry.value.ref().timestamp().toEpochMilli() < cutoff) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(store::delete);
    }
}
