package dev.rewind.protocol.control;

import dev.rewind.schemas.avro.SelectedOffsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * The source records a redrive reprocesses (protocol/REPLAY-PROTOCOL.md, "Redrives"): per
 * topic-partition, ascending distinct offsets. At most {@value #MAX_EVENTS} records, so that the
 * START carrying them stays far below the control topic's {@code max.message.bytes} (8 bytes an
 * offset at most).
 *
 * @param offsets offsets by topic-partition; copied, sorted and deduplicated
 */
public record EventSelection(Map<TopicPartition, List<Long>> offsets) {

    /** The most records one redrive may select. */
    public static final int MAX_EVENTS = 10_000;

    /** Validates and normalises. */
    public EventSelection {
        Objects.requireNonNull(offsets, "offsets");
        Map<TopicPartition, List<Long>> copy = new TreeMap<>(
                java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        int size = 0;
        for (Map.Entry<TopicPartition, List<Long>> e : offsets.entrySet()) {
            TreeSet<Long> sorted = new TreeSet<>(e.getValue());
            if (sorted.isEmpty()) {
                continue;
            }
            if (sorted.first() < 0) {
                throw new IllegalArgumentException("Offset " + sorted.first() + " of " + e.getKey() + " is negative");
            }
            size += sorted.size();
            copy.put(e.getKey(), List.copyOf(sorted));
        }
        if (size == 0) {
            throw new IllegalArgumentException("A redrive selects at least one source record");
        }
        if (size > MAX_EVENTS) {
            throw new IllegalArgumentException("A redrive selects at most " + MAX_EVENTS + " source records, got "
                    + size + "; narrow the selection or redrive in several steps");
        }
        offsets = Collections.unmodifiableMap(copy);
    }

    /** A selection of source coordinates. */
    public static EventSelection of(Collection<SourceOffset> records) {
        Map<TopicPartition, List<Long>> byPartition = new TreeMap<>(
                java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        for (SourceOffset r : records) {
            byPartition.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new ArrayList<>())
                    .add(r.offset());
        }
        return new EventSelection(byPartition);
    }

    /**
     * One source record.
     *
     * @param topic source topic
     * @param partition its partition
     * @param offset its offset
     */
    public record SourceOffset(String topic, int partition, long offset) {
        /** Validates. */
        public SourceOffset {
            Objects.requireNonNull(topic, "topic");
        }
    }

    /** Whether the record at {@code offset} of {@code partition} is selected. */
    public boolean contains(TopicPartition partition, long offset) {
        List<Long> list = offsets.get(partition);
        return list != null && Collections.binarySearch(list, offset) >= 0;
    }

    /** The first selected offset of {@code partition}, if any. */
    public Optional<Long> first(TopicPartition partition) {
        List<Long> list = offsets.get(partition);
        return list == null ? Optional.empty() : Optional.of(list.get(0));
    }

    /** The number of selected records. */
    public int size() {
        return offsets.values().stream().mapToInt(List::size).sum();
    }

    /** The Avro form, as in {@code ReplayCommand.events}. */
    public List<SelectedOffsets> toAvro() {
        List<SelectedOffsets> result = new ArrayList<>();
        offsets.forEach((tp, list) -> result.add(SelectedOffsets.newBuilder().setTopic(tp.topic())
                .setPartition(tp.partition()).setOffsets(list).build()));
        return result;
    }

    /**
     * From the Avro form.
     *
     * @throws IllegalArgumentException if it is empty, too large or has a negative offset
     */
    public static EventSelection fromAvro(List<SelectedOffsets> avro) {
        Map<TopicPartition, List<Long>> byPartition = new TreeMap<>(
                java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        for (SelectedOffsets s : avro) {
            byPartition.computeIfAbsent(new TopicPartition(s.getTopic(), s.getPartition()), tp -> new ArrayList<>())
                    .addAll(s.getOffsets());
        }
        return new EventSelection(byPartition);
    }

    @Override
    public String toString() {
        return size() + " records in " + offsets.size() + " partitions";
    }
}
