package dev.rewind.engine.state;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.StateStore;
import dev.rewind.engine.state.internal.SandboxState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Entity state for a dry run: for each partition it touches, a private copy restored from the
 * committed changelog into a temporary directory, read as it was before {@code from}, with the dry
 * run's own writes kept in memory. It never reads or changes the live stores, so a dry run may run
 * on its own thread, on any partition, while the instance keeps processing.
 *
 * <p>Not thread-safe: use it from one thread. Close it when the dry run ends; if it is not closed,
 * its copies are released once it becomes unreachable.
 */
public final class StateSandbox implements Function<Event, StateStore>, AutoCloseable {

    private static final Cleaner CLEANER = Cleaner.create();

    private final Copies copies;
    private final Cleaner.Cleanable cleanable;
    private final Instant from;

    /** The native copies; separate from the sandbox so the cleaner can release them. */
    private static final class Copies implements Runnable {
        private final Path directory;
        private final StateStores stores;
        private final ComponentVersion version;
        private final Map<String, Object> clientConfig;
        private final Map<Integer, PartitionStateStore> restored = new HashMap<>();
        private final Map<Integer, TreeMap<byte[], byte[]>> overlays = new HashMap<>();

        Copies(Path directory, ComponentVersion version, Map<String, Object> clientConfig) {
            this.directory = directory;
            this.stores = StateStores.create(new StateStores.Options(directory, 8L << 20));
            this.version = version;
            this.clientConfig = clientConfig;
        }

        PartitionStateStore store(int partition) {
            return restored.computeIfAbsent(partition, p -> {
                PartitionStateStore store = stores.open(version, p);
                store.restore(clientConfig);
                return store;
            });
        }

        @Override
        public void run() {
            stores.close();
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * A sandbox over the committed state of {@code source}, for a process that runs no instance of it
     * (a shadow run): each partition's copy is restored from {@code <component>.<version>.state-changelog}
     * with a group-less, {@code read_committed} reader, in a temporary directory under {@code parent} that
     * {@link #close()} deletes. It writes to no topic.
     *
     * @param clientConfig Kafka client settings of the changelog reader, at least {@code bootstrap.servers}
     * @param from reads see the committed state as it was before this time
     */
    public static StateSandbox of(Path parent, ComponentVersion source, Map<String, Object> clientConfig,
            Instant from) {
        return new StateSandbox(parent, source, Map.copyOf(clientConfig), from);
    }

    StateSandbox(Path parent, ComponentVersion version, Map<String, Object> clientConfig, Instant from) {
        try {
            Files.createDirectories(parent);
            this.copies = new Copies(Files.createTempDirectory(parent, "sandbox-"), version, clientConfig);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a dry-run state directory under " + parent, e);
        }
        this.cleanable = CLEANER.register(this, copies);
        this.from = from;
    }

    /** The sandboxed state of {@code event}'s entity; restores its partition's copy on first use. */
    @Override
    public StateStore apply(Event event) {
        PartitionStateStore store = copies.store(event.partition());
        TreeMap<byte[], byte[]> overlay =
                copies.overlays.computeIfAbsent(event.partition(), p -> new TreeMap<>(Arrays::compareUnsigned));
        return new SandboxState(store, overlay, from, event.key(), event.time(), event.offset());
    }

    /** Releases the copies and deletes their directory. */
    @Override
    public void close() {
        cleanable.clean();
    }
}
