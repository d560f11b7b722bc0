package dev.rewind.replaytool.history.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.replaytool.history.CohortKey;
import dev.rewind.replaytool.history.EventCohort;
import dev.rewind.replaytool.history.EventHistory;
import dev.rewind.replaytool.history.EventPage;
import dev.rewind.replaytool.history.EventQuery;
import dev.rewind.replaytool.history.EventRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The merge of per-partition slices: a listing over several partitions pages like one store would. */
class CohortSliceTest {

    private static final long T0 = Instant.parse("2026-11-26T10:00:00Z").toEpochMilli();

    @Test
    void aCutSliceKeepsEveryEntryAtItsOldestTime() {
        List<CohortEntry> entries = List.of(entry(50, "a", 0), entry(40, "b", 0), entry(40, "c", 0),
                entry(40, "d", 0), entry(30, "e", 0));

        CohortSlice slice = CohortSlice.cut(entries.iterator(), 2);

        assertThat(slice.entries()).extracting(CohortEntry::eventId).containsExactly("a", "b", "c", "d");
        assertThat(slice.truncated()).isTrue();
        assertThat(CohortSlice.cut(entries.iterator(), 5).truncated()).isFalse();
    }

    @Test
    void aMergeDropsEntriesOlderThanWhereATruncatedPartStopped() {
        CohortSlice cut = new CohortSlice(List.of(entry(50, "a", 0), entry(40, "b", 0)), true);
        CohortSlice whole = new CohortSlice(List.of(entry(45, "c", 1), entry(40, "d", 1), entry(10, "e", 1)), false);

        CohortSlice merged = CohortSlice.merge(List.of(cut, whole), 100);

        // partition 0 may hold entries between 10 and 40 that are not here, so e cannot be listed yet
        assertThat(merged.entries()).extracting(CohortEntry::eventId).containsExactly("a", "c", "b", "d");
        assertThat(merged.truncated()).isTrue();
    }

    @Test
    void aListingOverSeveralPartitionsPagesLikeOneStoreWhateverThePageSize() {
        Random random = new Random(7);
        List<List<CohortEntry>> partitions = new ArrayList<>();
        List<CohortEntry> all = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            partitions.add(new ArrayList<>());
        }
        for (int i = 0; i < 300; i++) {
            // few distinct times, so many entries share a millisecond across and within partitions
            CohortEntry e = entry(T0 + random.nextInt(40), "e" + i, random.nextInt(4));
            partitions.get(e.partition()).add(e);
            all.add(e);
        }
        all.sort(CohortEntry.NEWEST_FIRST);
        List<String> expected = all.stream().map(CohortEntry::eventId).toList();

        for (int limit : List.of(1, 3, 7, 50, 1000)) {
            assertThat(listAll(partitions, limit, null)).as("limit %d", limit).containsExactlyElementsOf(expected);
        }
        // a filter that drops most entries makes the search ask the partitions again for more
        List<String> odd = expected.stream().filter(id -> Integer.parseInt(id.substring(1)) % 10 == 1).toList();
        assertThat(listAll(partitions, 4, "Odd")).containsExactlyElementsOf(odd);
    }

    private static List<String> listAll(List<List<CohortEntry>> partitions, int limit, String type) {
        EventSearch search = new EventSearch((key, from, upper, max) -> {
            List<CohortSlice> parts = new ArrayList<>();
            for (List<CohortEntry> partition : partitions) {
                List<CohortEntry> inRange = partition.stream()
                        .filter(e -> e.timestamp() >= from && e.timestamp() <= upper)
                        .sorted(Comparator.comparingLong(CohortEntry::timestamp).reversed()).toList();
                parts.add(CohortSlice.cut(inRange.iterator(), max));
            }
            return CohortSlice.merge(parts, max);
        }, CohortSliceTest::record, id -> null);
        EventQuery first = new EventQuery(CohortKey.parse("customer:acme"), Instant.ofEpochMilli(T0),
                Instant.ofEpochMilli(T0 + 1000), type, null, null, limit, null);
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        List<String> listed = new ArrayList<>();
        EventPage page = search.search(first);
        while (true) {
            page.events().forEach(h -> listed.add(h.ref().eventId()));
            if (page.next() == null) {
                break;
            }
            page = search.search(new EventQuery(first.cohort(), first.from(), first.to(), type, null, null, limit,
                    page.next()));
        }
        seen.addAll(listed);
        assertThat(seen).as("no event listed twice").hasSameSizeAs(listed);
        return listed;
    }

    private static EventHistory record(CohortEntry entry) {
        int n = Integer.parseInt(entry.eventId().substring(1));
        String type = n % 10 == 1 ? "test.Odd" : "test.Even";
        return new IndexedEvent(new EventRef("commits", entry.partition(), n, entry.eventId(), type,
                Instant.ofEpochMilli(entry.timestamp())), EventCohort.NONE, new byte[0]).toHistory();
    }

    private static CohortEntry entry(long timestamp, String eventId, int partition) {
        return new CohortEntry(timestamp, eventId, partition, null);
    }
}
