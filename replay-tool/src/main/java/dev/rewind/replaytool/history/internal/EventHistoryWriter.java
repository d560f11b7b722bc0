package dev.rewind.replaytool.history.internal;

import dev.rewind.replaytool.history.EventHistory;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Folds each update into its event's history. Exactly-once processing makes the fold exact. */
final class EventHistoryWriter implements Processor<String, HistoryUpdate, Void, Void> {

    private KeyValueStore<String, EventHistory> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(HistoryTopology.EVENT_STORE);
    }

    @Override
    public void process(Record<String, HistoryUpdate> record) {
        store.put(record.key(), record.value().applyTo(store.get(record.key())));
    }
}
