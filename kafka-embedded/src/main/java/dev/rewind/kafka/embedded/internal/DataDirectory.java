package dev.rewind.kafka.embedded.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The broker's data directory: either kept (given by the user) or temporary (deleted on close).
 * Kafka's log directory is the {@code kafka-logs} folder inside it, so the root can hold other
 * files (the generated config) without Kafka mistaking them for partitions.
 */
public final class DataDirectory {

    private final Path root;
    private final boolean temporary;

    private DataDirectory(Path root, boolean temporary) {
        this.root = root;
        this.temporary = temporary;
    }

    /** A kept directory at {@code dir} (created if missing), or a new temporary one when {@code dir} is null. */
    public static DataDirectory of(Path dir) {
        try {
            if (dir == null) {
                return new DataDirectory(Files.createTempDirectory("rewind-kafka-"), true);
            }
            return new DataDirectory(Files.createDirectories(dir.toAbsolutePath()), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka data directory " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    public Path logDir() {
        return root.resolve("kafka-logs");
    }

    public boolean isFormatted() {
        return Files.exists(logDir().resolve("meta.properties"));
    }

    public void deleteIfTemporary() {
        if (temporary) {
            deleteRecursively(root);
        }
    }

    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary Kafka data directory " + dir, e);
        }
    }
}
