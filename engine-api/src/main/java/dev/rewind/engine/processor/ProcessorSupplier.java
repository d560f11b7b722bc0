package dev.rewind.engine.processor;

import java.util.function.Supplier;

/**
 * Creates the {@link EventProcessor} instances a component version runs.
 *
 * <p><b>Contract.</b> Every call to {@link #get()} returns a <em>new</em> instance, never one it
 * returned before (as Kafka Streams' {@code org.apache.kafka.streams.processor.api.ProcessorSupplier}
 * requires). The runtime calls it once for live processing and once more for each dry run, which
 * runs its instance on its own thread in a sandbox; an instance handed out twice would be
 * initialised again, called from two threads at once and closed under the live processing. The
 * runtime refuses a supplier that returns an instance it has seen before, with an
 * {@link IllegalStateException} naming this contract. Write {@code MyProcessor::new}, not
 * {@code () -> processor}.
 *
 * <p><b>Threads.</b> {@code get()} may be called from any of the runtime's threads; it must be
 * safe to call concurrently if it reads shared state.
 */
@FunctionalInterface
public interface ProcessorSupplier extends Supplier<EventProcessor> {

    /**
     * A new processor instance, not yet initialised.
     *
     * @return an instance no earlier call returned; never {@code null}
     */
    @Override
    EventProcessor get();
}
