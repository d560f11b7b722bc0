package dev.rewind.engine.processor;

/**
 * The logic of a component, run by rewind's engine once per event the running version owns.
 *
 * <p><b>Lifecycle.</b> The runtime creates instances from a factory, calls {@link #init} once,
 * then {@link #process} for each owned event, then {@link #close} once. An instance that threw
 * from {@code init} is closed and not used.
 *
 * <p><b>Threads.</b> An instance is called by one thread at a time (single-threaded per
 * instance); it need not be thread-safe. Several instances may run in parallel in one process,
 * so instances must not share mutable state except through their {@link StateStore}.
 *
 * <p><b>Order.</b> Events of one source partition are presented in offset order, also across a
 * replay's rewind and its return to live processing. No order holds between partitions. An event
 * is presented only to the one version that owns it (its cohort's route at its event time).
 *
 * <p><b>Effects.</b> Outputs ({@link ProcessorContext#emit}) and state writes are committed in one
 * Kafka transaction with the event's outcome and offsets: they are visible only if that
 * transaction commits. After a crash the same event may be presented again to a new instance
 * with the state as it was committed; so {@code process} must have no effect outside its context
 * (no calls to external systems: deliver those with a sink connector from an output topic).
 *
 * <p><b>Errors.</b> An exception thrown by {@code process} discards that event's outputs and state
 * writes, records an error outcome, sends the event with the reason to
 * {@code rewind.dlq.<component>} and, under the default error policy, continues with the next
 * event (the other policy stops the partition).
 *
 * <p><b>Replays.</b> In a replay of a cohort's window {@code [from, to)} the processor sees the
 * window's events of that cohort again, in offset order, with {@link ProcessorContext#mode()}
 * telling the replay id, and with the entity state as it was at {@code from}: it must produce
 * what it would have produced had it owned those events from the start. A deterministic function
 * of event and state does so; reading the wall clock or random numbers does not.
 */
public interface EventProcessor extends AutoCloseable {

    /**
     * Prepares the processor; called once before the first event.
     *
     * @param init the version and settings
     * @throws Exception to refuse to start; the runtime stops the instance
     */
    default void init(ProcessorInit init) throws Exception {
    }

    /**
     * Processes one event.
     *
     * @param event the event
     * @param context the outputs, state and mode for this event
     * @throws Exception to fail this event; see the type's contract
     */
    void process(Event event, ProcessorContext context) throws Exception;

    /** Releases resources; called once, also after a failed {@code init}. Must not throw. */
    @Override
    default void close() {
    }
}
