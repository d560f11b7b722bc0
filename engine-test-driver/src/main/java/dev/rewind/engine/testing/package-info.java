/**
 * A broker-free test driver for {@link dev.rewind.engine.processor.EventProcessor}s, in the spirit of
 * Kafka Streams' {@code TopologyTestDriver}: feed events, inspect emitted outputs and entity state,
 * and simulate a replay.
 */
package dev.rewind.engine.testing;
