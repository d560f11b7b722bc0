package dev.rewind.engine.dlq;

/** Names of dead-letter topics. */
public final class DlqTopics {

    /** Prefix of every component's dead-letter topic. */
    public static final String PREFIX = dev.rewind.protocol.topics.RewindTopics.DLQ_PREFIX;

    private DlqTopics() {
    }

    /** The dead-letter topic of a component (shared by its versions): {@code rewind.dlq.<component>}. */
    public static String of(String component) {
        return PREFIX + component;
    }
}
