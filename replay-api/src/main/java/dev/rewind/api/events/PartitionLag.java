package dev.rewind.api.events;

/**
 * Consumer lag of a version's group on one partition.
 *
 * @param topic topic
 * @param partition partition
 * @param committed the group's committed offset
 * @param end the last stable offset (what a read_committed consumer can reach)
 * @param lag {@code end - committed}, never negative
 */
public record PartitionLag(String topic, int partition, long committed, long end, long lag) {
}
