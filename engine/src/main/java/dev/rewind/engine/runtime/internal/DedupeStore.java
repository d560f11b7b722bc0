package dev.rewind.engine.runtime.internal;

import dev.rewind.engine.processor.EventId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.rocksdb.LRUCache;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Event ids seen per source partition within the dedupe window, in RocksDB.
 *
 * <p>An id recorded in the open transaction is visible to later events of the same transaction at
 * once, but is written to RocksDB only when the transaction commits; the transaction's ids are also
 * sent to the changelog topic inside it (one record per source partition and transaction), so
 * whichever instance owns the partition next restores exactly the ids whose events' offsets were
 * committed. Replays do not consult this store: a replay
 * processes events again on purpose.
 *
 * <p>Local keys are {@code <topic> 0x00 <partition int> <eventId>}, values the event time in millis.
 * Used by the consumer thread only.
 */
public final class DedupeStore implements TransactionParticipant, AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    private final Duration window;
    private final String changelogTopic;
    private final int changelogPartitions;
    private final Options options;
    private final LRUCache cache;
    private final RocksDB db;
    private final WriteOptions writeOptions = new WriteOptions().setDisableWAL(true);
    private static final long PURGE_INTERVAL_MS = 5 * 60_000L;

    private static final byte BATCH_MARKER = (byte) 0xFF;

    /** One processed event of the open transaction. */
    private record Entry(byte[] id, long time) {
    }

    private final Map<ByteBuffer, Long> pending = new HashMap<>();
    private final Map<TopicPartition, List<Entry>> pendingBySource = new HashMap<>();
    private long nextPurge = System.currentTimeMillis() + PURGE_INTERVAL_MS;
    private final Path directory;

    DedupeStore(Path directory, Duration window, String changelogTopic, int changelogPartitions) {
        this.window = window;
        this.directory = directory;
        this.changelogTopic = changelogTopic;
        this.changelogPartitions = changelogPartitions;
        this.cache = new LRUCache(16L * 1024 * 1024);
        this.options = new Options().setCreateIfMissing(true)
                .setWriteBufferSize(8L * 1024 * 1024)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache));
        try {
            deleteRecursively(directory);
            Files.createDirectories(directory);
            // The changelog is the source of truth; the local copy is rebuilt on every assignment.
            this.db = RocksDB.open(options, directory.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the dedupe store in " + directory, e);
        } catch (RocksDBException e) {
            throw new IllegalStateException("Cannot open the dedupe store in " + directory, e);
        }
    }

    /** The changelog partition holding a source partition's entries. */
    int changelogPartitionOf(TopicPartition source) {
        return source.partition() % changelogPartitions;
    }

    String changelogTopic() {
        return changelogTopic;
    }

    /** Whether {@code eventId} was processed on {@code source} within the window before {@code eventTime}. */
    public boolean seen(TopicPartition source, EventId eventId, long eventTime) {
        byte[] key = key(source, eventId);
        Long time = pending.get(ByteBuffer.wrap(key));
        if (time == null) {
            try {
                byte[] value = db.get(key);
                time = value == null ? null : ByteBuffer.wrap(value).getLong();
            } catch (RocksDBException e) {
                throw new IllegalStateException("Dedupe store read failed", e);
            }
        }
        return time != null && time > eventTime - window.toMillis();
    }

    /** Records a processed event in the open transaction; its changelog entry goes out at commit. */
    public void record(TopicPartition source, EventId eventId, long eventTime) {
        pending.put(ByteBuffer.wrap(key(source, eventId)), eventTime);
        pendingBySource.computeIfAbsent(source, s -> new ArrayList<>())
                .add(new Entry(eventId.value().getBytes(StandardCharsets.UTF_8), eventTime));
    }

    /**
     * Sends the open transaction's entries, one changelog record per source partition rather than
     * one per event (a record per event made the dedupe changelog a third of the engine's writes).
     * The key is the partition's prefix, a 0xFF byte (never part of UTF-8, so never an event id)
     * and a random id: compaction keeps every batch until retention deletes it.
     */
    @Override
    public void beforeCommit(Producer<byte[], byte[]> producer) {
        for (Map.Entry<TopicPartition, List<Entry>> batch : pendingBySource.entrySet()) {
            byte[] prefix = prefix(batch.getKey());
            UUID id = UUID.randomUUID();
            byte[] key = ByteBuffer.allocate(prefix.length + 1 + 16).put(prefix).put(BATCH_MARKER)
                    .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
            int size = Integer.BYTES;
            for (Entry entry : batch.getValue()) {
                size += Long.BYTES + Integer.BYTES + entry.id().length;
            }
            ByteBuffer value = ByteBuffer.allocate(size).putInt(batch.getValue().size());
            for (Entry entry : batch.getValue()) {
                value.putLong(entry.time()).putInt(entry.id().length).put(entry.id());
            }
            producer.send(new ProducerRecord<>(changelogTopic, changelogPartitionOf(batch.getKey()), key,
                    value.array()));
        }
        pendingBySource.clear();
    }

    /** Adds the entries of a changelog record read while restoring {@code source}. */
    void restore(TopicPartition source, byte[] key, byte[] value) {
        byte[] prefix = prefix(source);
        if (value == null || !hasPrefix(key, prefix)) {
            return;
        }
        try {
            if (key[prefix.length] == BATCH_MARKER) {
                ByteBuffer batch = ByteBuffer.wrap(value);
                int count = batch.getInt();
                for (int i = 0; i < count; i++) {
                    long time = batch.getLong();
                    byte[] id = new byte[batch.getInt()];
                    batch.get(id);
                    byte[] entryKey = Arrays.copyOf(prefix, prefix.length + id.length);
                    System.arraycopy(id, 0, entryKey, prefix.length, id.length);
                    db.put(writeOptions, entryKey, ByteBuffer.allocate(Long.BYTES).putLong(time).array());
                }
            } else if (value.length == Long.BYTES) {
                db.put(writeOptions, key, value); // one entry per record, as written before batching
            }
        } catch (RocksDBException e) {
            throw new IllegalStateException("Dedupe store restore failed", e);
        }
    }

    /** Forgets a partition that moved away (its entries live on in the changelog). */
    void forget(TopicPartition source) {
        byte[] from = prefix(source);
        byte[] to = prefix(new TopicPartition(source.topic(), source.partition() + 1));
        try {
            db.deleteRange(writeOptions, from, to);
        } catch (RocksDBException e) {
            throw new IllegalStateException("Dedupe store cleanup failed", e);
        }
    }

    /** Deletes local entries older than the window relative to {@code latestEventTime}. */
    void purge(long latestEventTime) {
        long oldest = latestEventTime - window.toMillis();
        try (RocksIterator it = db.newIterator(); WriteBatch batch = new WriteBatch()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                if (ByteBuffer.wrap(it.value()).getLong() <= oldest) {
                    batch.delete(it.key());
                }
            }
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("Dedupe store purge failed", e);
        }
    }

    @Override
    public void committed() {
        long now = System.currentTimeMillis();
        if (now >= nextPurge) {
            // entries older than the window are never consulted again; keep RocksDB small
            nextPurge = now + PURGE_INTERVAL_MS;
            purge(now);
        }
        try (WriteBatch batch = new WriteBatch()) {
            for (Map.Entry<ByteBuffer, Long> entry : pending.entrySet()) {
                batch.put(entry.getKey().array(), ByteBuffer.allocate(Long.BYTES).putLong(entry.getValue()).array());
            }
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("Dedupe store write failed", e);
        }
        pending.clear();
    }

    @Override
    public void aborted() {
        pendingBySource.clear();
        pending.clear();
    }

    @Override
    public void close() {
        db.close();
        writeOptions.close();
        options.close();
        cache.close();
        try {
            deleteRecursively(directory);
        } catch (IOException e) {
            // only disk space is at stake; the next run uses a directory of its own
        }
    }

    private static byte[] key(TopicPartition source, EventId eventId) {
        byte[] prefix = prefix(source);
        byte[] id = eventId.value().getBytes(StandardCharsets.UTF_8);
        byte[] key = Arrays.copyOf(prefix, prefix.length + id.length);
        System.arraycopy(id, 0, key, prefix.length, id.length);
        return key;
    }

    /** {@code <topic> 0x00 <partition>}: topic names cannot contain 0x00, so prefixes never overlap. */
    private static byte[] prefix(TopicPartition source) {
        byte[] topic = source.topic().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(topic.length + 1 + Integer.BYTES).put(topic).put((byte) 0)
                .putInt(source.partition()).array();
    }

    private static boolean hasPrefix(byte[] key, byte[] prefix) {
        return key != null && key.length > prefix.length
                && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
