package dev.rewind.engine.runtime.internal;

import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessorSupplier;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;

/**
 * The runtime's one way to get processor instances: holds the {@link ProcessorSupplier} to its
 * contract (a new instance on every call). A second call returning an instance handed out before
 * would have the live processor initialised again, called from a dry run's thread at the same time
 * and closed under the live processing. Thread-safe: the consumer thread and dry-run threads call it.
 */
public final class ProcessorInstances implements ProcessorSupplier {

    private final ProcessorSupplier supplier;
    /** Every instance handed out, by identity (a processor's own equals is no guide); few: one plus one per dry run. */
    private final Set<EventProcessor> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());

    public ProcessorInstances(ProcessorSupplier supplier) {
        this.supplier = Objects.requireNonNull(supplier, "supplier");
    }

    /**
     * A new instance from the supplier.
     *
     * @throws IllegalStateException if the supplier returned {@code null} or an instance it returned before
     */
    @Override
    public EventProcessor get() {
        EventProcessor processor = supplier.get();
        if (processor == null) {
            throw new IllegalStateException("The ProcessorSupplier returned null; it must return a new "
                    + "EventProcessor on every call, e.g. MyProcessor::new");
        }
        synchronized (handedOut) {
            if (!handedOut.add(processor)) {
                throw sameInstance(processor);
            }
        }
        return processor;
    }

    /**
     * Asks the supplier once more and checks it returns a new instance, as Kafka Streams checks a
     * {@code ProcessorSupplier} when a topology is built; the extra instance is closed without being
     * initialised.
     *
     * @throws IllegalStateException naming the contract if the supplier returned an instance twice
     */
    public void verifyNewInstanceOnEveryCall() {
        get().close();
    }

    private static IllegalStateException sameInstance(EventProcessor processor) {
        return new IllegalStateException("The ProcessorSupplier returned the same " + processor.getClass().getName()
                + " instance twice; its contract is a new instance on every call (the runtime runs dry runs on"
                + " their own instances, on their own threads): pass a constructor reference such as "
                + processor.getClass().getSimpleName() + "::new, not () -> processor");
    }
}
