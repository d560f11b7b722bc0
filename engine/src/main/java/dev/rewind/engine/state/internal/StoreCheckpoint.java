package dev.rewind.engine.state.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far a state store's local RocksDB holds its changelog: the changelog offset (exclusive) up to which
 * it holds every committed record, and the {@link OffsetCheckpoint} file that promises it across restarts
 * ({@code PartitionStateStore} states the rules). Not thread-safe.
 */
public final class StoreCheckpoint {

    private static final Logger LOGGER = LoggerFactory.getLogger(StoreCheckpoint.class);

    private final OffsetCheckpoint file;
    private final TopicPartition changelog;
    private final Duration interval;
    private final Duration maxAge;
    /** The changelog offset (exclusive) up to which RocksDB holds every committed record; -1 before a restore. */
    private long nextOffset = -1;
    private long checkpointedOffset = -1;
    private long checkpointedAtNanos;

    /**
     * Nothing restored yet.
     *
     * @param file the checkpoint file
     * @param changelog the store's changelog partition
     * @param interval how often {@link #due} says a checkpoint should be written at most
     * @param maxAge how old a checkpoint file may be and still be {@linkplain #usable() used}
     */
    public StoreCheckpoint(Path file, TopicPartition changelog, Duration interval, Duration maxAge) {
        this.file = new OffsetCheckpoint(file);
        this.changelog = changelog;
        this.interval = interval;
        this.maxAge = maxAge;
    }

    /** The changelog offset (exclusive) up to which the store holds every committed record; empty before a restore. */
    public OptionalLong nextOffset() {
        return nextOffset < 0 ? OptionalLong.empty() : OptionalLong.of(nextOffset);
    }

    /** A restore begins: nothing is known to be held until it ends. */
    public void restoring() {
        nextOffset = -1;
    }

    /** A restore ended: the store holds every committed record before {@code offset}. */
    public void restored(long offset) {
        nextOffset = offset;
    }

    /** A transaction committed whose last acknowledged changelog offset was {@code last} (-1 if none). */
    public void committed(long last) {
        // the commit marker follows the last record: the next restore starts at it
        if (nextOffset >= 0 && last >= nextOffset) {
            nextOffset = last + 1;
        }
    }

    /** Whether the store holds more than the file promises and the last write is at least the interval ago. */
    public boolean due() {
        return nextOffset > checkpointedOffset && System.nanoTime() - checkpointedAtNanos >= interval.toNanos();
    }

    /**
     * Writes the file; the caller flushed RocksDB first, so that what it promises is on disk.
     *
     * @return the offset written, or empty before a restore (nothing written)
     */
    public OptionalLong write() {
        if (nextOffset < 0) {
            return OptionalLong.empty();
        }
        file.write(Map.of(changelog, nextOffset));
        checkpointedOffset = nextOffset;
        checkpointedAtNanos = System.nanoTime();
        return OptionalLong.of(nextOffset);
    }

    /** Deletes the file (before the store stops matching it). */
    public void delete() {
        file.delete();
    }

    /** The offset to restore from: the file's, unless it is missing, unreadable or older than the maximum age. */
    public OptionalLong usable() {
        Long offset = file.read().get(changelog);
        if (offset == null) {
            return OptionalLong.empty();
        }
        Optional<Instant> writtenAt = file.writtenAt();
        if (writtenAt.isEmpty() || writtenAt.get().isBefore(Instant.now().minus(maxAge))) {
            LOGGER.atInfo().addKeyValue("file", file.file()).addKeyValue("writtenAt", writtenAt.orElse(null))
                    .log("State checkpoint older than the changelog's tombstone retention; restoring from the"
                            + " beginning");
            return OptionalLong.empty();
        }
        return OptionalLong.of(offset);
    }
}
