package dev.rewind.engine.state.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A checkpoint file of changelog offsets a local store holds: per changelog partition, the offset
 * of the next record to restore. Same text layout as Kafka Streams' {@code .checkpoint}
 * ({@code org.apache.kafka.streams.state.internals.OffsetCheckpoint}, version 0): a version line, a
 * count line, then {@code <topic> <partition> <offset>} lines; Kafka Streams stores the last
 * restored offset, rewind the next one.
 *
 * <p>Written atomically: to {@code <file>.tmp}, fsynced, then moved over the file, so a crash
 * leaves the old checkpoint or the new one, never half of one. A file that does not parse (torn by
 * a file system without atomic moves, edited by hand) reads as no checkpoint: the caller restores
 * from the beginning, which is always correct.
 */
public final class OffsetCheckpoint {

    private static final Logger LOGGER = LoggerFactory.getLogger(OffsetCheckpoint.class);
    private static final int VERSION = 0;

    private final Path file;

    /** The checkpoint at {@code file}; nothing is read or written yet. */
    public OffsetCheckpoint(Path file) {
        this.file = file;
    }

    /** Where it lives. */
    public Path file() {
        return file;
    }

    /**
     * Replaces the checkpoint with {@code offsets} (each at least 0).
     *
     * @throws UncheckedIOException if the file cannot be written (the old one is left as it was)
     * @throws IllegalArgumentException if an offset is negative
     */
    public void write(Map<TopicPartition, Long> offsets) {
        StringBuilder text = new StringBuilder().append(VERSION).append('\n').append(offsets.size()).append('\n');
        offsets.forEach((partition, offset) -> {
            if (offset < 0) {
                throw new IllegalArgumentException("Checkpoint offset of " + partition + " must be >= 0, was "
                        + offset);
            }
            text.append(partition.topic()).append(' ').append(partition.partition()).append(' ').append(offset)
                    .append('\n');
        });
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(StandardCharsets.UTF_8.encode(text.toString()));
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the state checkpoint " + file + "; check the free space"
                    + " and permissions of state.dir", e);
        }
    }

    /**
     * The offsets, empty when there is no checkpoint or it does not parse (logged at WARN).
     *
     * @throws UncheckedIOException if the file exists but cannot be read
     */
    public Map<TopicPartition, Long> read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the state checkpoint " + file, e);
        }
        try {
            return parse(lines);
        } catch (IllegalArgumentException e) {
            LOGGER.atWarn().addKeyValue("file", file).addKeyValue("problem", e.getMessage())
                    .log("Ignoring a state checkpoint that does not parse; the store is restored from the beginning");
            return Map.of();
        }
    }

    /** When the checkpoint was last written, if it exists. */
    public Optional<Instant> writtenAt() {
        try {
            return Optional.of(Files.getLastModifiedTime(file).toInstant());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the state checkpoint " + file, e);
        }
    }

    /** Removes the checkpoint (and a leftover temporary file); a no-op when there is none. */
    public void delete() {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the state checkpoint " + file, e);
        }
    }

    private static Map<TopicPartition, Long> parse(List<String> lines) {
        if (lines.size() < 2) {
            throw new IllegalArgumentException("expected a version and a count line, found " + lines.size()
                    + " lines");
        }
        int version = parseInt(lines.get(0), "version");
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown checkpoint version " + version + ", expected " + VERSION);
        }
        int count = parseInt(lines.get(1), "count");
        List<String> entries = lines.subList(2, lines.size());
        if (entries.size() != count) {
            throw new IllegalArgumentException("expected " + count + " entries, found " + entries.size());
        }
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        for (String entry : entries) {
            String[] pieces = entry.trim().split("\\s+");
            if (pieces.length != 3) {
                throw new IllegalArgumentException("malformed entry '" + entry + "'");
            }
            long offset = parseLong(pieces[2]);
            if (offset < 0) {
                throw new IllegalArgumentException("negative offset in '" + entry + "'");
            }
            offsets.put(new TopicPartition(pieces[0], parseInt(pieces[1], "partition")), offset);
        }
        return offsets;
    }

    private static int parseInt(String text, String what) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the " + what + " '" + text + "' is not a number", e);
        }
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the offset '" + text + "' is not a number", e);
        }
    }
}
