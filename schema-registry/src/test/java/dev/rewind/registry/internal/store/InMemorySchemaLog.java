package dev.rewind.registry.internal.store;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SchemaLog} in memory for tests without a broker. Records are delivered synchronously to every
 * started listener, so several stores on one log behave like registry instances on one topic.
 */
public final class InMemorySchemaLog implements SchemaLog {

    private final List<LogRecord> records = new ArrayList<>();
    private final List<LogListener> listeners = new ArrayList<>();
    private boolean failAppends;
    private long writerEpoch;
    private Runnable beforeNextCommit;
    private boolean alwaysConflict;

    @Override
    public synchronized void start(LogListener listener) {
        listeners.add(listener);
        records.forEach(listener::onRecord);
        listener.onPosition(records.size());
    }

    /**
     * Like Kafka's transactional fencing: beginning a write fences the session that began before, whose commit
     * then fails with {@link WriteConflictException}.
     */
    @Override
    public synchronized WriteSession beginWrite() {
        long epoch = ++writerEpoch;
        return new WriteSession() {
            @Override
            public long commit(List<LogEntry> entries) {
                Runnable hook = takeBeforeCommitHook();
                if (hook != null) {
                    hook.run();
                }
                synchronized (InMemorySchemaLog.this) {
                    if (epoch != writerEpoch || alwaysConflict) {
                        throw new WriteConflictException("fenced by a newer writer (simulated)", null);
                    }
                    return append(entries);
                }
            }

            @Override
            public void close() {
            }
        };
    }

    private synchronized Runnable takeBeforeCommitHook() {
        Runnable hook = beforeNextCommit;
        beforeNextCommit = null;
        return hook;
    }

    /** Makes every commit fail as if another instance always began a write in between. */
    public synchronized void alwaysConflict(boolean conflict) {
        this.alwaysConflict = conflict;
    }

    /** Runs {@code hook} just before the next commit, e.g. another instance's write slipping in. */
    public synchronized void beforeNextCommit(Runnable hook) {
        this.beforeNextCommit = hook;
    }

    private synchronized long append(List<LogEntry> entries) {
        if (failAppends) {
            throw new SchemaLogException("broker unavailable (simulated)", null);
        }
        for (LogEntry entry : entries) {
            LogRecord record = new LogRecord(records.size(), entry.key(), entry.value());
            records.add(record);
            listeners.forEach(l -> l.onRecord(record));
        }
        listeners.forEach(l -> l.onPosition(records.size()));
        return records.size() - 1;
    }

    /** Appends a raw record, e.g. one this registry did not write. */
    public synchronized void appendRaw(String key, String value) {
        append(List.of(new LogEntry(key, value)));
    }

    @Override
    public synchronized long endOffset() {
        return records.size();
    }

    public synchronized List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** Makes every following append fail, as when the brokers are unreachable. */
    public synchronized void failAppends(boolean fail) {
        this.failAppends = fail;
    }

    /** Keeps only the last record of each key and drops tombstones, as log compaction eventually does. */
    public synchronized InMemorySchemaLog compacted() {
        InMemorySchemaLog compacted = new InMemorySchemaLog();
        java.util.Map<String, LogRecord> latest = new java.util.LinkedHashMap<>();
        records.forEach(r -> {
            latest.remove(r.key());
            latest.put(r.key(), r);
        });
        latest.values().stream().filter(r -> r.value() != null)
                .forEach(r -> compacted.records.add(new LogRecord(compacted.records.size(), r.key(), r.value())));
        return compacted;
    }

    @Override
    public synchronized void close() {
        listeners.clear();
    }
}
