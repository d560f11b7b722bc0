package dev.rewind.replaytool.history.internal;

import dev.rewind.replaytool.history.EventRef;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/** Files each event reference under its cohort key at its event time. */
final class CohortIndexWriter implements Processor<String, EventRef, Void, Void> {

    private WindowStore<String, EventRef> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(HistoryTopology.COHORT_STORE);
    }

    @Override
    public void process(Record<String, EventRef> record) {
        store.put(record.key(), record.value(), record.value().timestamp().toEpochMilli());
    }
}
