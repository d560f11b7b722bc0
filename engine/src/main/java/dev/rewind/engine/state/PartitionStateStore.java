package dev.rewind.engine.state;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.StateStore;
import dev.rewind.engine.state.internal.ChangelogRestore;
import dev.rewind.engine.state.internal.EntityState;
import dev.rewind.engine.state.internal.StoredValue;
import dev.rewind.engine.state.internal.VersionKey;
import dev.rewind.engine.state.internal.VersionScans;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatchWithIndex;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The versioned entity state of one source partition of one component version, in its own
 * RocksDB.
 *
 * <p><b>Versions.</b> Every write is a version keyed by entity, event time and source offset:
 * {@link #get(byte[], Instant)} returns the newest version at or before a time, a deletion is a
 * version too, and {@link #forgetFrom} removes versions at or after a time, which is how a replay
 * rewinds a cohort's entities to their state as of {@code from}.
 *
 * <p><b>Transactions.</b> Writes, deletions and forgets are staged in a pending batch that reads
 * see (read your writes) but RocksDB does not hold yet, each with a changelog record. The runtime,
 * inside its Kafka transaction: brackets each event with {@link #beginEvent()} and
 * {@link #endEvent(boolean)} (discarding a failed event's writes), sends the changelog with
 * {@link #sendChangelog(Producer)} before committing, then calls {@link #commit()} once the
 * Kafka transaction committed or {@link #abort()} if it aborted. Should the process die between
 * the Kafka commit and {@link #commit()}, the local store is stale: {@link #restore} when the
 * partition is assigned rebuilds it from the changelog, which is the source of truth.
 *
 * <p><b>Changelog.</b> Topic {@link #changelogTopic()} ({@code <component>.<version>.state-changelog},
 * compacted), partition = source partition, key = the version key, value = the stored version,
 * {@code null} when a version is removed. Compaction therefore keeps exactly the live versions.
 *
 * <p>Not thread-safe: one store is used by the thread processing its partition.
 */
public final class PartitionStateStore implements AutoCloseable {

    private final Path path;
    private final ComponentVersion componentVersion;
    private final int partition;
    private final String changelogTopic;
    private final Options options;
    private final BloomFilter filter;
    private final RocksDB db;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions;
    private final WriteBatchWithIndex pending;
    private final List<ProducerRecord<byte[], byte[]>> changelog = new ArrayList<>();
    private final Consumer<PartitionStateStore> onClose;
    private int eventChangelogStart = -1;
    private boolean closed;

    private PartitionStateStore(Path path, ComponentVersion componentVersion, int partition, Options options,
            BloomFilter filter, RocksDB db, Consumer<PartitionStateStore> onClose) {
        this.path = path;
        this.componentVersion = componentVersion;
        this.partition = partition;
        this.changelogTopic = StateChangelog.topicName(componentVersion);
        this.options = options;
        this.filter = filter;
        this.db = db;
        // no WAL: the changelog is the durable copy, and a store is rebuilt from it on assignment
        this.writeOptions = new WriteOptions().setDisableWAL(true);
        this.readOptions = new ReadOptions();
        this.pending = new WriteBatchWithIndex(true);
        this.onClose = onClose;
    }

    static PartitionStateStore open(Path path, ComponentVersion version, int partition, Cache cache,
            WriteBufferManager writeBufferManager, Consumer<PartitionStateStore> onClose) {
        BloomFilter filter = new BloomFilter(10);
        Options options = new Options().setCreateIfMissing(true).setWriteBufferManager(writeBufferManager)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(filter)
                        .setCacheIndexAndFilterBlocks(true));
        try {
            Files.createDirectories(path);
            return new PartitionStateStore(path, version, partition, options, filter,
                    RocksDB.open(options, path.toString()), onClose);
        } catch (RocksDBException | IOException e) {
            options.close();
            filter.close();
            throw new IllegalStateException("Cannot open state store " + path + ": " + e.getMessage()
                    + "; is another instance using the same state.dir?", e);
        }
    }

    /** The component version this store belongs to. */
    public ComponentVersion componentVersion() {
        return componentVersion;
    }

    /** The source partition. */
    public int partition() {
        return partition;
    }

    /** The compacted changelog topic, {@code <component>.<version>.state-changelog}. */
    public String changelogTopic() {
        return changelogTopic;
    }

    /** The newest value of {@code entity} at or before {@code asOf}; empty if none or deleted. */
    public Optional<byte[]> get(byte[] entity, Instant asOf) {
        return get(entity, asOf, Long.MAX_VALUE);
    }

    /**
     * The newest value of {@code entity} at or before ({@code asOf}, {@code offset}): versions at
     * exactly {@code asOf} count only up to that source offset.
     */
    public Optional<byte[]> get(byte[] entity, Instant asOf, long offset) {
        byte[] prefix = VersionKey.prefix(entity);
        try (RocksIterator it = iterator()) {
            it.seekForPrev(VersionKey.of(entity, asOf, offset));
            if (it.isValid() && VersionKey.hasPrefix(it.key(), prefix)) {
                return StoredValue.decode(it.value());
            }
            return Optional.empty();
        }
    }

    /** Stages a version of {@code entity} at ({@code time}, {@code offset}) with {@code value}. */
    public void put(byte[] entity, Instant time, long offset, byte[] value) {
        stage(VersionKey.of(entity, time, offset), StoredValue.value(value));
    }

    /** Stages a deletion of {@code entity} at ({@code time}, {@code offset}); older versions stay. */
    public void delete(byte[] entity, Instant time, long offset) {
        stage(VersionKey.of(entity, time, offset), StoredValue.deletion());
    }

    /** The processor's view of {@code entity} while it processes the event at ({@code time}, {@code offset}). */
    public StateStore forEvent(byte[] entity, Instant time, long offset) {
        return new EntityState(this, entity, time, offset);
    }

    /**
     * Stages the removal of every version at or after {@code from} of the given entities, so they
     * read as they were at {@code from}.
     *
     * @return the number of versions removed
     */
    public int forgetFrom(Collection<byte[]> entities, Instant from) {
        List<byte[]> doomed;
        try (RocksIterator it = iterator()) {
            doomed = VersionScans.atOrAfter(it, entities, from);
        }
        doomed.forEach(this::remove);
        return doomed.size();
    }

    /**
     * Stages the removal of every version at or after {@code from} of the entities matching
     * {@code entities}; scans the whole store.
     *
     * @return the number of versions removed
     */
    public int forgetFrom(Predicate<byte[]> entities, Instant from) {
        List<byte[]> doomed;
        try (RocksIterator it = iterator()) {
            doomed = VersionScans.atOrAfter(it, entities, from);
        }
        doomed.forEach(this::remove);
        return doomed.size();
    }

    /**
     * Retention: stages the removal of versions older than {@code olderThan}, except, per entity,
     * the newest of them (it still defines the state as of {@code olderThan}) unless it is a
     * deletion. Reads as of {@code olderThan} or later are unchanged.
     *
     * @return the number of versions removed
     */
    public int prune(Instant olderThan) {
        List<byte[]> doomed;
        try (RocksIterator it = iterator()) {
            doomed = VersionScans.prunable(it, olderThan);
        }
        doomed.forEach(this::remove);
        return doomed.size();
    }

    /** Marks the start of one event's writes. */
    public void beginEvent() {
        pending.setSavePoint();
        eventChangelogStart = changelog.size();
    }

    /** Ends one event: keeps its writes, or discards them (the processor failed). */
    public void endEvent(boolean keep) {
        if (eventChangelogStart < 0) {
            throw new IllegalStateException("endEvent without beginEvent");
        }
        try {
            if (keep) {
                pending.popSavePoint();
            } else {
                pending.rollbackToSavePoint();
                changelog.subList(eventChangelogStart, changelog.size()).clear();
            }
        } catch (RocksDBException e) {
            throw new IllegalStateException("State store " + path + ": " + e.getMessage(), e);
        }
        eventChangelogStart = -1;
    }

    /** The changelog records of the pending writes, in order; cleared by {@link #sendChangelog}. */
    public List<ProducerRecord<byte[], byte[]>> pendingChangelog() {
        return List.copyOf(changelog);
    }

    /**
     * Returns the pending changelog records and forgets them: the caller sends them in its open
     * transaction (an alternative to {@link #sendChangelog}).
     */
    public List<ProducerRecord<byte[], byte[]>> drainChangelog() {
        if (eventChangelogStart >= 0) {
            throw new IllegalStateException("drainChangelog inside an event: call endEvent first");
        }
        List<ProducerRecord<byte[], byte[]>> records = List.copyOf(changelog);
        changelog.clear();
        return records;
    }

    /**
     * Sends the pending changelog records with the runtime's transactional producer, inside its
     * open transaction, and forgets them.
     */
    public void sendChangelog(Producer<byte[], byte[]> producer) {
        for (ProducerRecord<byte[], byte[]> record : changelog) {
            producer.send(record);
        }
        changelog.clear();
    }

    /**
     * Applies the pending writes to RocksDB; call after the Kafka transaction committed.
     *
     * @throws IllegalStateException if changelog records were not sent
     */
    public void commit() {
        if (!changelog.isEmpty()) {
            throw new IllegalStateException(changelog.size() + " changelog records of state store " + path
                    + " were not sent; call sendChangelog inside the transaction before commit");
        }
        try {
            db.write(writeOptions, pending);
            pending.clear();
        } catch (RocksDBException e) {
            throw new IllegalStateException("Cannot write state store " + path + ": " + e.getMessage(), e);
        }
    }

    /** Drops the pending writes; call when the Kafka transaction aborted. */
    public void abort() {
        pending.clear();
        changelog.clear();
        eventChangelogStart = -1;
    }

    /**
     * Rebuilds this store from its changelog partition, reading committed records only: clears
     * the store and the pending writes, then applies the changelog from the beginning to its end.
     *
     * @param clientConfig Kafka client settings, at least {@code bootstrap.servers}
     * @return the number of changelog records applied
     */
    public long restore(Map<String, Object> clientConfig) {
        abort();
        try {
            db.deleteRange(new byte[0], new byte[] {(byte) 0x80}); // every key: entity lengths are < 2^31
            return ChangelogRestore.restore(clientConfig, changelogTopic, partition, db, writeOptions);
        } catch (RocksDBException e) {
            throw new IllegalStateException("Cannot restore state store " + path + ": " + e.getMessage(), e);
        }
    }

    /** Releases the native handles; pending writes are lost. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending.close();
        readOptions.close();
        writeOptions.close();
        db.close();
        options.close();
        filter.close();
        onClose.accept(this);
    }

    private void stage(byte[] key, byte[] stored) {
        try {
            pending.put(key, stored);
        } catch (RocksDBException e) {
            throw new IllegalStateException("State store " + path + ": " + e.getMessage(), e);
        }
        changelog.add(new ProducerRecord<>(changelogTopic, partition, key, stored));
    }

    private void remove(byte[] key) {
        try {
            pending.delete(key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("State store " + path + ": " + e.getMessage(), e);
        }
        changelog.add(new ProducerRecord<>(changelogTopic, partition, key, null));
    }

    private RocksIterator iterator() {
        if (closed) {
            throw new IllegalStateException("State store " + path + " is closed");
        }
        return pending.newIteratorWithBase(db.newIterator(readOptions));
    }

    static {
        RocksDB.loadLibrary();
    }
}
