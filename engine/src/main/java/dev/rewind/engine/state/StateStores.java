package dev.rewind.engine.state;

import dev.rewind.engine.processor.ComponentVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * Opens the RocksDB state stores of one process, under one directory and with one shared memory
 * budget.
 *
 * <p>All stores share an LRU block cache of {@link Options#blockCacheBytes()} bytes, allocated
 * off-heap by RocksDB; memtables are charged to the same cache (a quarter of it at most), so the
 * native memory of all stores together stays near that budget however many partitions are
 * assigned. A store lives in {@code <directory>/<component>.<version>/partition-<n>}, with its
 * changelog checkpoint, so a later process with the same directory restores only the changelog's
 * tail (see {@link PartitionStateStore}).
 *
 * <p>The directory is locked ({@code .lock}, an OS file lock the OS releases when the process
 * dies, even by {@code kill -9}) for as long as the stores are open: two processes never share
 * one.
 *
 * <p>Thread-safe. {@link #close()} closes every store still open, releases the cache and the lock.
 */
public final class StateStores implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final Cache cache;
    private final WriteBufferManager writeBufferManager;
    private final List<PartitionStateStore> open = new ArrayList<>();
    private final FileChannel lock;
    private boolean closed;

    /**
     * Settings shared by all stores.
     *
     * @param directory where the stores live; created if missing
     * @param blockCacheBytes size of the shared off-heap block cache, at least 1 MiB
     */
    public record Options(Path directory, long blockCacheBytes) {

        /** 64 MiB. */
        public static final long DEFAULT_BLOCK_CACHE_BYTES = 64L << 20;

        /** Validates. */
        public Options {
            Objects.requireNonNull(directory, "directory");
            if (blockCacheBytes < (1L << 20)) {
                throw new IllegalArgumentException("State block cache size must be at least 1 MiB (1048576),"
                        + " was " + blockCacheBytes);
            }
        }

        /** The given directory with a {@value #DEFAULT_BLOCK_CACHE_BYTES}-byte cache. */
        public static Options in(Path directory) {
            return new Options(directory, DEFAULT_BLOCK_CACHE_BYTES);
        }
    }

    private StateStores(Options options, FileChannel lock) {
        this.options = options;
        this.lock = lock;
        this.cache = new LRUCache(options.blockCacheBytes());
        this.writeBufferManager = new WriteBufferManager(options.blockCacheBytes() / 4, cache);
    }

    /**
     * Creates the directory if needed, locks it and allocates the shared cache.
     *
     * @throws StateDirectoryLockedException if another process, or other open stores of this one,
     *     hold the directory
     */
    public static StateStores create(Options options) {
        FileChannel channel = null;
        try {
            Files.createDirectories(options.directory());
            channel = FileChannel.open(options.directory().resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock held = channel.tryLock();
            if (held == null) {
                throw new StateDirectoryLockedException(options.directory());
            }
            return new StateStores(options, channel);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new StateDirectoryLockedException(options.directory());
        } catch (StateDirectoryLockedException e) {
            closeQuietly(channel);
            throw e;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Cannot create state directory " + options.directory()
                    + "; check state.dir and its permissions", e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock goes with the channel; nothing more to release
            }
        }
    }

    /** The settings. */
    public Options options() {
        return options;
    }

    /**
     * Opens (creating if missing) the store of one partition of a component version. The store
     * keeps what it had on disk; call {@link PartitionStateStore#restore} to rebuild it from the
     * changelog when the partition is assigned.
     *
     * @throws IllegalStateException if that store is already open
     */
    public synchronized PartitionStateStore open(ComponentVersion version, int partition) {
        if (closed) {
            throw new IllegalStateException("State stores are closed");
        }
        for (PartitionStateStore store : open) {
            if (store.componentVersion().equals(version) && store.partition() == partition) {
                throw new IllegalStateException("State store of " + version + " partition " + partition
                        + " is already open");
            }
        }
        Path path = options.directory().resolve(version.groupId()).resolve("partition-" + partition);
        PartitionStateStore store = PartitionStateStore.open(path, version, partition, cache, writeBufferManager,
                this::closed);
        open.add(store);
        return store;
    }

    private synchronized void closed(PartitionStateStore store) {
        open.remove(store);
    }

    /** Closes every open store and releases the shared cache. */
    @Override
    public void close() {
        List<PartitionStateStore> stores;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stores = new ArrayList<>(open);
        }
        stores.forEach(PartitionStateStore::close);
        writeBufferManager.close();
        cache.close();
        closeQuietly(lock);
    }
}
