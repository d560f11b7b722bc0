package dev.rewind.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.processor.ComponentVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The RocksDB store (pending batch over the database, savepoints, commits, aborts, rewinds,
 * retention) against a plain in-memory model of versioned state: every read as of any time agrees.
 */
class VersionedStatePropertyTest {

    private static final ComponentVersion CV = new ComponentVersion("prop", "v1");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> ENTITIES = List.of("a", "ab", "b", "");
    private static Path dir;
    private static StateStores stores;
    private static int partition;

    enum Kind { PUT, DELETE, FAILED_EVENT, FORGET, PRUNE, COMMIT, ABORT }

    record Op(Kind kind, int entity, int time, int value) {
    }

    @BeforeContainer
    static void open() throws Exception {
        dir = Files.createTempDirectory("state-prop");
        stores = StateStores.create(new StateStores.Options(dir, 4L << 20));
    }

    @AfterContainer
    static void close() throws Exception {
        stores.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Model: committed and pending maps of (entity, time, offset) to value ("" = deletion). */
    static final class Model {
        TreeMap<String, String> committed = new TreeMap<>();
        TreeMap<String, String> pending = new TreeMap<>();

        static String key(int entity, int time, long offset) {
            return String.format("%d|%08d|%08d", entity, time + 1000, offset);
        }

        Optional<String> get(int entity, int time) {
            Map.Entry<String, String> e = pending.floorEntry(key(entity, time, 99_999_999));
            if (e == null || !e.getKey().startsWith(entity + "|")) {
                return Optional.empty();
            }
            return e.getValue() == null || e.getValue().isEmpty() ? Optional.empty() : Optional.of(e.getValue());
        }
    }

    @Property(tries = 60)
    void theStoreReadsLikeTheModelAtEveryTime(@ForAll("ops") List<Op> ops) {
        PartitionStateStore store = stores.open(CV, partition++);
        Model model = new Model();
        long offset = 0;
        try {
            for (Op op : ops) {
                byte[] entity = ENTITIES.get(op.entity()).getBytes(StandardCharsets.UTF_8);
                Instant time = T0.plusSeconds(op.time());
                offset++;
                switch (op.kind()) {
                    case PUT -> {
                        store.put(entity, time, offset, ("v" + op.value()).getBytes(StandardCharsets.UTF_8));
                        model.pending.put(Model.key(op.entity(), op.time(), offset), "v" + op.value());
                    }
                    case DELETE -> {
                        store.delete(entity, time, offset);
                        model.pending.put(Model.key(op.entity(), op.time(), offset), "");
                    }
                    case FAILED_EVENT -> {
                        store.beginEvent();
                        store.put(entity, time, offset, "lost".getBytes(StandardCharsets.UTF_8));
                        store.endEvent(false);
                    }
                    case FORGET -> {
                        store.forgetFrom(List.of(entity), time);
                        String prefix = op.entity() + "|";
                        model.pending.keySet().removeIf(k -> k.startsWith(prefix)
                                && k.compareTo(Model.key(op.entity(), op.time(), 0)) >= 0);
                    }
                    case PRUNE -> prune(store, model, op.time());
                    case COMMIT -> {
                        store.drainChangelog();
                        store.commit();
                        model.committed = new TreeMap<>(model.pending);
                    }
                    case ABORT -> {
                        store.abort();
                        model.pending = new TreeMap<>(model.committed);
                    }
                }
                for (int e = 0; e < ENTITIES.size(); e++) {
                    for (int t = -5; t <= 25; t += 3) {
                        assertThat(store.get(ENTITIES.get(e).getBytes(StandardCharsets.UTF_8), T0.plusSeconds(t))
                                .map(v -> new String(v, StandardCharsets.UTF_8)))
                                .as("entity '%s' as of %d after %s", ENTITIES.get(e), t, op)
                                .isEqualTo(model.get(e, t));
                    }
                }
            }
        } finally {
            store.close();
        }
    }

    /** Retention must not change any read at or after the limit. */
    private static void prune(PartitionStateStore store, Model model, int limit) {
        List<Optional<String>> before = new ArrayList<>();
        for (int e = 0; e < ENTITIES.size(); e++) {
            for (int t = limit; t <= 25; t++) {
                before.add(model.get(e, t));
            }
        }
        store.prune(T0.plusSeconds(limit));
        // the model mirrors the rule: keep, per entity, the newest version older than the limit unless deleted
        for (int e = 0; e < ENTITIES.size(); e++) {
            String prefix = e + "|";
            String limitKey = Model.key(e, limit, 0);
            List<String> old = model.pending.keySet().stream()
                    .filter(k -> k.startsWith(prefix) && k.compareTo(limitKey) < 0).toList();
            for (int i = 0; i < old.size(); i++) {
                boolean newest = i == old.size() - 1;
                if (!newest || model.pending.get(old.get(i)).isEmpty()) {
                    model.pending.remove(old.get(i));
                }
            }
        }
        List<Optional<String>> after = new ArrayList<>();
        for (int e = 0; e < ENTITIES.size(); e++) {
            for (int t = limit; t <= 25; t++) {
                after.add(model.get(e, t));
            }
        }
        assertThat(after).isEqualTo(before);
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just(Kind.PUT)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.DELETE)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.FAILED_EVENT)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.FORGET)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.PRUNE)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.COMMIT)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.ABORT)));
        return Combinators.combine(kinds, Arbitraries.integers().between(0, ENTITIES.size() - 1),
                        Arbitraries.integers().between(-3, 22), Arbitraries.integers().between(0, 9))
                .as(Op::new).list().ofMaxSize(40);
    }
}
