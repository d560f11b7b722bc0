package dev.rewind.engine.state.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatchWithIndex;
import org.rocksdb.WriteOptions;

/**
 * The writes of a state store that belong to the runtime's open Kafka transaction: a batch that reads
 * see through (read your writes) but RocksDB does not hold yet, the changelog record of each write, a
 * save point per event, and the highest changelog offset the producer acknowledged for them.
 *
 * <p>Not thread-safe, except the acknowledgements, which arrive on the producer's I/O thread.
 */
public final class PendingWrites implements AutoCloseable {

    private final Path path;
    private final String changelogTopic;
    private final int partition;
    private final WriteBatchWithIndex batch = new WriteBatchWithIndex(true);
    private final List<ProducerRecord<byte[], byte[]>> changelog = new ArrayList<>();
    /** The highest changelog offset acknowledged in the open transaction; -1 if none. */
    private final AtomicLong acknowledged = new AtomicLong(-1);
    private int eventChangelogStart = -1;

    /**
     * No writes yet.
     *
     * @param path the store's directory, named in errors
     * @param changelogTopic the store's changelog topic
     * @param partition the changelog partition (= the source partition)
     */
    public PendingWrites(Path path, String changelogTopic, int partition) {
        this.path = path;
        this.changelogTopic = changelogTopic;
        this.partition = partition;
    }

    /** Stages {@code stored} under {@code key} with its changelog record. */
    public void put(byte[] key, byte[] stored) {
        try {
            batch.put(key, stored);
        } catch (RocksDBException e) {
            throw new IllegalStateException("State store " + path + ": " + e.getMessage(), e);
        }
        changelog.add(new ProducerRecord<>(changelogTopic, partition, key, stored));
    }

    /** Stages the removal of {@code key} with its changelog tombstone. */
    public void remove(byte[] key) {
        try {
            batch.delete(key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("State store " + path + ": " + e.getMessage(), e);
        }
        changelog.add(new ProducerRecord<>(changelogTopic, partition, key, null));
    }

    /** An iterator over {@code base} with the staged writes applied; the caller closes it. */
    public RocksIterator iterator(RocksIterator base) {
        return batch.newIteratorWithBase(base);
    }

    /** Marks the start of one event's writes. */
    public void beginEvent() {
        batch.setSavePoint();
        eventChangelogStart = changelog.size();
    }

    /** Ends one event: keeps its writes, or discards them (the processor failed). */
    public void endEvent(boolean keep) {
        if (eventChangelogStart < 0) {
            throw new IllegalStateException("endEvent without beginEvent");
        }
        try {
            if (keep) {
                batch.popSavePoint();
            } else {
                batch.rollbackToSavePoint();
                changelog.subList(eventChangelogStart, changelog.size()).clear();
            }
        } catch (RocksDBException e) {
            throw new IllegalStateException("State store " + path + ": " + e.getMessage(), e);
        }
        eventChangelogStart = -1;
    }

    /** The changelog records not sent yet, in order. */
    public List<ProducerRecord<byte[], byte[]>> changelog() {
        return List.copyOf(changelog);
    }

    /** Returns the changelog records not sent yet and forgets them: the caller sends them. */
    public List<ProducerRecord<byte[], byte[]>> drainChangelog() {
        if (eventChangelogStart >= 0) {
            throw new IllegalStateException("drainChangelog inside an event: call endEvent first");
        }
        List<ProducerRecord<byte[], byte[]>> records = List.copyOf(changelog);
        changelog.clear();
        return records;
    }

    /** Sends the changelog records not sent yet with {@code producer}, noting their offsets, and forgets them. */
    public void sendChangelog(Producer<byte[], byte[]> producer) {
        for (ProducerRecord<byte[], byte[]> record : changelog) {
            // the acknowledged offsets tell the checkpoint how far the committed changelog goes
            producer.send(record, (metadata, failure) -> {
                if (failure == null && metadata.hasOffset()) {
                    acknowledged.accumulateAndGet(metadata.offset(), Math::max);
                }
            });
        }
        changelog.clear();
    }

    /**
     * Writes the staged writes to {@code db} and starts afresh; call after the Kafka transaction committed.
     *
     * @return the highest changelog offset acknowledged for them, -1 if none was
     * @throws IllegalStateException if changelog records were not sent, or RocksDB failed
     */
    public long commit(RocksDB db, WriteOptions writeOptions) {
        if (!changelog.isEmpty()) {
            throw new IllegalStateException(changelog.size() + " changelog records of state store " + path
                    + " were not sent; call sendChangelog inside the transaction before commit");
        }
        try {
            db.write(writeOptions, batch);
            batch.clear();
        } catch (RocksDBException e) {
            throw new IllegalStateException("Cannot write state store " + path + ": " + e.getMessage(), e);
        }
        return acknowledged.getAndSet(-1);
    }

    /** Drops every staged write and changelog record; call when the Kafka transaction aborted. */
    public void abort() {
        batch.clear();
        changelog.clear();
        eventChangelogStart = -1;
        acknowledged.set(-1);
    }

    /** Releases the native batch. */
    @Override
    public void close() {
        batch.close();
    }
}
