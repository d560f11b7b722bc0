package dev.rewind.replaytool.history;

/**
 * Thrown by an {@link HistoryIndex} query while the index cannot answer: starting, restoring or
 * rebalancing. Retrying after a few seconds is the remedy.
 */
public final class IndexUnavailableException extends RuntimeException {

    public IndexUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
