package dev.rewind.engine.dlq;

/**
 * Why an event went to {@code rewind.dlq.<component>}. The name is written to
 * {@code DlqEntry.reason} followed by the detail, so tools can group dead letters by class.
 *
 * <p>A record that is not an event ({@link #UNDECODABLE}, {@link #UNKNOWN_SCHEMA},
 * {@link #NOT_AN_EVENT}, {@link #MISSING_EVENT_ID}, {@link #MISSING_COHORT}) or that no route applies
 * to ({@link #UNROUTABLE}) is owned by no version: exactly one version (the one the component's
 * latest route at the record's time leads to) dead-letters it, with an empty {@code version}, and
 * no version gets an outcome for it. {@link #PROCESSOR_ERROR} and {@link #UNWRITABLE} belong to the
 * owning version, which also writes an ERROR outcome.
 */
public enum DlqReason {
    /** The value is not in the Confluent wire format or its Avro body does not decode. */
    UNDECODABLE,
    /** The value's schema id is not known to the schema registry. */
    UNKNOWN_SCHEMA,
    /** The record is not an event: not an Avro record, or keyless (events are keyed by entity). */
    NOT_AN_EVENT,
    /** The event has no (or a blank) top-level {@code eventId}. */
    MISSING_EVENT_ID,
    /** The event has no top-level {@code cohort} record. */
    MISSING_COHORT,
    /** The processor threw, or emitted an output that could not be serialized. */
    PROCESSOR_ERROR,
    /**
     * A record the version had to write for the event (an output, its outcome or its dead letter
     * with the original bytes) was refused the same way on a retry: too large for
     * {@code max.request.size} or the topic's {@code max.message.bytes}, topic missing, invalid or
     * not authorized. The dead letter then carries no key, value or headers; its source topic,
     * partition and offset locate the original.
     */
    UNWRITABLE,
    /**
     * No route of the component applies to the event at its time (every route was removed, or its
     * channel has no version): no version owns it. Written once, by one version on behalf of none.
     */
    UNROUTABLE
}
