/**
 * The public processor API of rewind's engine: what a component's authors implement
 * ({@link dev.rewind.engine.processor.EventProcessor}) and what the engine gives them
 * ({@link dev.rewind.engine.processor.Event}, {@link dev.rewind.engine.processor.ProcessorContext},
 * {@link dev.rewind.engine.processor.StateStore}).
 *
 * <p>Everything in this package is a stable contract shared by the runtime, the broker-free
 * {@code dev.rewind.engine.testing.ProcessorTestDriver} and user code. Implementation details live
 * in {@code internal} packages and may change without notice.
 */
package dev.rewind.engine.processor;
