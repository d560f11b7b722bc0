package dev.rewind.engine.state;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.StateStore;
import dev.rewind.engine.state.internal.ChangelogRestore;
import dev.rewind.engine.state.internal.EntityState;
import dev.rewind.engine.state.internal.PendingWrites;
import dev.rewind.engine.state.internal.StoreCheckpoint;
import dev.rewind.engine.state.internal.StoredValue;
import dev.rewind.engine.state.internal.VersionKey;
import dev.rewind.engine.state.internal.VersionScans;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p><b>Checkpoint.</b> A file {@value #CHECKPOINT_FILE} in the store's directory holds the
 * changelog offset up to which the local RocksDB holds every committed record (Kafka Streams'
 * {@code .checkpoint}). It is written after a restore, at most every {@link #CHECKPOINT_INTERVAL}
 * on commit, and on close, each time after flushing RocksDB, so what it promises is on disk. A
 * {@link #restore} with a checkpoint reads only the changelog after it. Kafka Streams under
 * exactly-once deletes its checkpoint while processing, because its stores take writes before the
 * transaction commits; this store applies writes to RocksDB only after the Kafka transaction
 * committed, so the local state always lies between the checkpoint and the committed changelog
 * end, and applying the changelog from the checkpoint on (upserts and deletions by key, in order)
 * yields exactly the committed state, after a clean close or a {@code kill -9}. No checkpoint, one
 * that does not parse, one outside the changelog's offsets or one older than
 * {@link #MAX_CHECKPOINT_AGE} (compaction may since have dropped tombstones after it) means a
 * restore from the beginning into an emptied store.
 *
 * <p>Not thread-safe: one store is used by the thread processing its partition.
 */
public final class PartitionStateStore implements AutoCloseable {

    /** The checkpoint's file name in the store's directory. */
    public static final String CHECKPOINT_FILE = ".checkpoint";

    /** How often a commit writes a checkpoint (flushing RocksDB) at most. */
    public static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    /**
     * A checkpoint older than this is not used: Kafka's default {@code delete.retention.ms} (1 day),
     * after which compaction may remove a tombstone written after the checkpoint, whose deletion the
     * local store would then never see.
     */
    public static final Duration MAX_CHECKPOINT_AGE = Duration.ofDays(1);

    private static final Logger LOGGER = LoggerFactory.getLogger(PartitionStateStore.class);

    private final Path path;
    private final ComponentVersion componentVersion;
    private final int partition;
    private final String changelogTopic;
    private final Options options;
    private final BloomFilter filter;
    private final RocksDB db;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions;
    private final PendingWrites pending;
    private final Consumer<PartitionStateStore> onClose;
    private final StoreCheckpoint checkpoint;
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
        this.pending = new PendingWrites(path, changelogTopic, partition);
        this.onClose = onClose;
        this.checkpoint = new StoreCheckpoint(path.resolve(CHECKPOINT_FILE),
                new TopicPartition(changelogTopic, partition), CHECKPOINT_INTERVAL, MAX_CHECKPOINT_AGE);
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
        pending.put(VersionKey.of(entity, time, offset), StoredValue.value(value));
    }

    /** Stages a deletion of {@code entity} at ({@code time}, {@code offset}); older versions stay. */
    public void delete(byte[] entity, Instant time, long offset) {
        pending.put(VersionKey.of(entity, time, offset), StoredValue.deletion());
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
        doomed.forEach(pending::remove);
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
        doomed.forEach(pending::remove);
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
        doomed.forEach(pending::remove);
        return doomed.size();
    }

    /** Marks the start of one event's writes. */
    public void beginEvent() {
        pending.beginEvent();
    }

    /** Ends one event: keeps its writes, or discards them (the processor failed). */
    public void endEvent(boolean keep) {
        pending.endEvent(keep);
    }

    /** The changelog records of the pending writes, in order; cleared by {@link #sendChangelog}. */
    public List<ProducerRecord<byte[], byte[]>> pendingChangelog() {
        return pending.changelog();
    }

    /**
     * Returns the pending changelog records and forgets them: the caller sends them in its open
     * transaction (an alternative to {@link #sendChangelog}).
     */
    public List<ProducerRecord<byte[], byte[]>> drainChangelog() {
        return pending.drainChangelog();
    }

    /**
     * Sends the pending changelog records with the runtime's transactional producer, inside its
     * open transaction, and forgets them.
     */
    public void sendChangelog(Producer<byte[], byte[]> producer) {
        pending.sendChangelog(producer);
    }

    /**
     * Applies the pending writes to RocksDB; call after the Kafka transaction committed.
     *
     * @throws IllegalStateException if changelog records were not sent
     */
    public void commit() {
        checkpoint.committed(pending.commit(db, writeOptions));
        if (checkpoint.due()) {
            checkpoint();
        }
    }

    /** Drops the pending writes; call when the Kafka transaction aborted. */
    public void abort() {
        pending.abort();
    }

    /**
     * Flushes RocksDB and writes the checkpoint: the changelog offset up to which the store holds
     * every committed record. A no-op before the store was restored.
     *
     * @return the offset written, or empty if none was
     */
    public OptionalLong checkpoint() {
        if (checkpoint.nextOffset().isEmpty() || closed) {
            return OptionalLong.empty();
        }
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush);
        } catch (RocksDBException e) {
            throw new IllegalStateException("Cannot flush state store " + path + ": " + e.getMessage(), e);
        }
        return checkpoint.write();
    }

    /** The changelog offset (exclusive) up to which this store holds every committed record, if restored. */
    public OptionalLong changelogOffset() {
        return checkpoint.nextOffset();
    }

    /**
     * Brings this store up to date with its changelog partition, reading committed records only:
     * drops the pending writes, then applies the changelog from the {@linkplain #CHECKPOINT_FILE
     * checkpoint} to its end, or, without a usable checkpoint, clears the store and applies it from
     * the beginning. Writes a new checkpoint at the end.
     *
     * @param clientConfig Kafka client settings, at least {@code bootstrap.servers}
     * @return the number of changelog records applied
     */
    public long restore(Map<String, Object> clientConfig) {
        abort();
        checkpoint.restoring();
        OptionalLong start = checkpoint.usable();
        try {
            ChangelogRestore.Result result = ChangelogRestore.restore(clientConfig, changelogTopic, partition, db,
                    writeOptions, start, () -> {
                        checkpoint.delete(); // before the store stops matching it
                        db.deleteRange(new byte[0], new byte[] {(byte) 0x80}); // every key: entity lengths are < 2^31
                    });
            checkpoint.restored(result.nextOffset());
            checkpoint();
            return result.applied();
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
        try {
            checkpoint();
        } catch (RuntimeException e) {
            LOGGER.atWarn().setCause(e).addKeyValue("directory", path)
                    .log("Could not write the state checkpoint on close; the next restore starts from an older one");
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

    private RocksIterator iterator() {
        if (closed) {
            throw new IllegalStateException("State store " + path + " is closed");
        }
        return pending.iterator(db.newIterator(readOptions));
    }

    static {
        RocksDB.loadLibrary();
    }
}
