package dev.rewind.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.StateStore;
import dev.rewind.engine.state.internal.VersionKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionStateStoreTest {

    private static final ComponentVersion CV = new ComponentVersion("rc", "v1");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;
    private StateStores stores;
    private PartitionStateStore store;

    @BeforeEach
    void open() {
        stores = StateStores.create(new StateStores.Options(dir, 8L << 20));
        store = stores.open(CV, 3);
    }

    @AfterEach
    void close() {
        stores.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private Optional<String> read(String entity, Instant asOf) {
        return store.get(b(entity), asOf).map(v -> new String(v, StandardCharsets.UTF_8));
    }

    private void commit() {
        store.sendChangelog(new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()));
        store.commit();
    }

    @Test
    void readsTheNewestVersionAtOrBeforeATime() {
        store.put(b("a"), t(10), 1, b("a10"));
        store.put(b("a"), t(20), 2, b("a20"));
        store.put(b("ab"), t(5), 3, b("ab5"));
        store.put(b("a"), t(-100), 0, b("before-1970"));
        commit();

        assertThat(read("a", t(-200))).isEmpty();
        assertThat(read("a", t(9))).contains("before-1970");
        assertThat(read("a", t(10))).contains("a10");
        assertThat(read("a", t(19))).contains("a10");
        assertThat(read("a", t(99))).contains("a20");
        assertThat(read("ab", t(99))).contains("ab5");
        assertThat(read("b", t(99))).isEmpty();
    }

    @Test
    void versionsAtTheSameTimeAreOrderedByOffset() {
        store.put(b("a"), t(10), 5, b("first"));
        store.put(b("a"), t(10), 7, b("second"));

        assertThat(store.get(b("a"), t(10), 6)).map(String::new).contains("first");
        assertThat(store.get(b("a"), t(10), 7)).map(String::new).contains("second");
        assertThat(store.get(b("a"), t(10), 4)).isEmpty();
    }

    @Test
    void aDeletionHidesTheValueOnlyFromItsTimeOn() {
        store.put(b("a"), t(10), 1, b("x"));
        store.delete(b("a"), t(20), 2);
        commit();

        assertThat(read("a", t(15))).contains("x");
        assertThat(read("a", t(20))).isEmpty();
    }

    @Test
    void pendingWritesAreReadableButOnlyCommitKeepsThem() {
        store.put(b("a"), t(10), 1, b("kept"));
        commit();
        store.put(b("a"), t(20), 2, b("aborted"));
        assertThat(read("a", t(30))).contains("aborted");

        store.abort();

        assertThat(read("a", t(30))).contains("kept");
        assertThat(store.pendingChangelog()).isEmpty();
    }

    @Test
    void aFailedEventsWritesAndChangelogRecordsAreDiscarded() {
        store.beginEvent();
        store.put(b("a"), t(10), 1, b("ok"));
        store.endEvent(true);
        store.beginEvent();
        store.put(b("a"), t(20), 2, b("failed"));
        store.put(b("b"), t(20), 2, b("failed"));
        store.endEvent(false);

        assertThat(read("a", t(30))).contains("ok");
        assertThat(read("b", t(30))).isEmpty();
        assertThat(store.pendingChangelog()).hasSize(1);
    }

    @Test
    void changelogRecordsCarryTheVersionKeyAndNullForRemovals() {
        store.put(b("a"), t(10), 1, b("x"));
        commit();
        store.forgetFrom(List.of(b("a")), t(10));

        List<ProducerRecord<byte[], byte[]>> records = store.pendingChangelog();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).topic()).isEqualTo("rc.v1.state-changelog");
        assertThat(records.get(0).partition()).isEqualTo(3);
        assertThat(records.get(0).key()).isEqualTo(VersionKey.of(b("a"), t(10), 1));
        assertThat(records.get(0).value()).isNull();
        assertThatThrownBy(store::commit).hasMessageContaining("sendChangelog");
    }

    @Test
    void forgettingFromATimeRewindsOnlyTheChosenEntities() {
        for (String entity : List.of("a", "b", "c")) {
            store.put(b(entity), t(10), 1, b(entity + "10"));
            store.put(b(entity), t(20), 2, b(entity + "20"));
            store.put(b(entity), t(30), 3, b(entity + "30"));
        }
        commit();

        assertThat(store.forgetFrom(List.of(b("a")), t(20))).isEqualTo(2);
        assertThat(store.forgetFrom(e -> new String(e, StandardCharsets.UTF_8).equals("b"), t(30))).isEqualTo(1);
        commit();

        assertThat(read("a", t(99))).contains("a10");
        assertThat(read("b", t(99))).contains("b20");
        assertThat(read("c", t(99))).contains("c30");
    }

    @Test
    void pruningKeepsWhatReadsAtOrAfterTheLimitSee() {
        store.put(b("a"), t(1), 1, b("a1"));
        store.put(b("a"), t(2), 2, b("a2"));
        store.put(b("a"), t(20), 3, b("a20"));
        store.put(b("b"), t(1), 1, b("b1"));
        store.delete(b("b"), t(3), 4);
        store.put(b("c"), t(30), 5, b("c30"));
        commit();

        assertThat(store.prune(t(10))).isEqualTo(3);
        commit();

        assertThat(read("a", t(10))).contains("a2");
        assertThat(read("a", t(1))).as("pruned").isEmpty();
        assertThat(read("a", t(20))).contains("a20");
        assertThat(read("b", t(10))).isEmpty();
        assertThat(read("c", t(30))).contains("c30");
    }

    @Test
    void theProcessorViewReadsAsOfItsEventAndWritesAtIt() {
        store.put(b("a"), t(10), 1, b("old"));
        store.put(b("a"), t(50), 9, b("later event, earlier offset"));
        commit();
        StateStore view = store.forEvent(b("a"), t(20), 10);

        assertThat(view.getString()).contains("old");
        view.putString("new");
        assertThat(view.getString()).contains("new");
        assertThat(view.getAsOf(t(15)).map(String::new)).contains("old");
        assertThat(view.getAsOf(t(99)).map(String::new)).as("capped at the event time").contains("new");
        view.delete();
        assertThat(view.get()).isEmpty();
        assertThat(view.entity()).isEqualTo(b("a"));
    }

    @Test
    void committedStateSurvivesClosingAndReopening() {
        store.put(b("a"), t(10), 1, b("x"));
        commit();
        store.close();

        store = stores.open(CV, 3);

        assertThat(read("a", t(10))).contains("x");
    }

    @Test
    void aStoreCannotBeOpenedTwiceAndTheCacheMustHaveAUsefulSize() {
        assertThatThrownBy(() -> stores.open(CV, 3)).hasMessageContaining("already open");
        assertThatThrownBy(() -> new StateStores.Options(dir, 1000)).hasMessageContaining("at least 1 MiB");
        stores.close();
        assertThatThrownBy(() -> read("a", t(1))).hasMessageContaining("closed");
    }
}
