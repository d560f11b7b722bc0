package dev.rewind.engine.runtime.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local state directory of one run of an instance ({@code <state.dir>/<group>/<instance>/run-<uuid>}),
 * and the removal of those that runs killed without cleaning up left behind.
 *
 * <p>A run holds an OS file lock on {@code .lock} in its directory for as long as it lives; the OS
 * releases it when the process dies, even by {@code kill -9}. A new run deletes every sibling
 * {@code run-*} directory whose lock it can take: its owner is gone and its state (RocksDB copies
 * rebuilt from changelogs on assignment anyway) is debris. A directory still locked, by another
 * process or a hung predecessor in this one, is left alone.
 */
final class RunDirectories {

    private static final Logger LOGGER = LoggerFactory.getLogger(RunDirectories.class);
    private static final String PREFIX = "run-";
    private static final String LOCK = ".lock";

    /** One run's directory and the lock that marks it alive. */
    record Run(Path directory, FileChannel lockChannel) implements AutoCloseable {
        /** Releases the lock and deletes the directory. */
        @Override
        public void close() {
            try {
                lockChannel.close();
            } catch (IOException e) {
                LOGGER.atWarn().setCause(e).addKeyValue("directory", directory).log("Could not release the run lock");
            }
            deleteRecursively(directory);
        }
    }

    private RunDirectories() {
    }

    /** Deletes the directories of dead runs under {@code parent}, then creates and locks a new one. */
    static Run create(Path parent) {
        try {
            Files.createDirectories(parent);
            removeAbandoned(parent);
            Path directory = parent.resolve(PREFIX + UUID.randomUUID());
            Files.createDirectories(directory);
            FileChannel channel = FileChannel.open(directory.resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            channel.lock();
            return new Run(directory, channel);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a state directory under " + parent
                    + "; check state.dir and its permissions", e);
        }
    }

    private static void removeAbandoned(Path parent) throws IOException {
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path run : runs) {
                if (Files.isDirectory(run) && isAbandoned(run)) {
                    LOGGER.atInfo().addKeyValue("directory", run).log("Deleting the state directory of a run that"
                            + " ended without cleaning up");
                    deleteRecursively(run);
                }
            }
        }
    }

    /** Whether nobody holds the run's lock (a run of an older version without one counts as abandoned too). */
    private static boolean isAbandoned(Path run) {
        Path lockFile = run.resolve(LOCK);
        if (!Files.exists(lockFile)) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false; // held by a run in this JVM
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOGGER.atWarn().setCause(e).addKeyValue("path", path).log("Could not delete");
                }
            });
        } catch (IOException e) {
            LOGGER.atWarn().setCause(e).addKeyValue("directory", directory).log("Could not delete");
        }
    }
}
