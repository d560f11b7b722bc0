package dev.rewind.replaytool.history;

import java.util.Objects;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Thrown by an {@link HistoryIndex} query whose key another instance holds: the caller forwards
 * the request to {@link #owner()}.
 */
public final class KeyElsewhereException extends RuntimeException {

    private final transient HostInfo owner;

    public KeyElsewhereException(HostInfo owner) {
        super("the key is held by " + owner.host() + ":" + owner.port());
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /** The instance that holds the key. */
    public HostInfo owner() {
        return owner;
    }
}
