package dev.rewind.engine.outcome;

/** Names shared by everything that writes or reads outcomes. */
public final class OutcomeTopics {

    /**
     * The topic of outcomes, one per processing of one event (status OK, ERROR or SKIPPED_DUP), keyed
     * by event id and written in the same transaction as the processing's outputs and offsets.
     * Events skipped because another version owns them have no outcome.
     */
    public static final String OUTCOMES = dev.rewind.protocol.topics.RewindTopics.OUTCOMES;

    private OutcomeTopics() {
    }
}
