/**
 * Per-entity state of a component version, in RocksDB, versioned by event time and changelogged to
 * Kafka.
 *
 * <p>{@link dev.rewind.engine.state.StateStores} opens one
 * {@link dev.rewind.engine.state.PartitionStateStore} per (component version, source partition);
 * all stores of a process share one bounded, off-heap LRU block cache. Writes are staged in a
 * pending batch that belongs to the runtime's current Kafka transaction: their changelog records
 * are sent in that transaction and the batch is applied locally only once it has committed.
 */
package dev.rewind.engine.state;
