package dev.rewind.replaytool.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a starting service opened, closed in the reverse order: a failure to close one is logged and the
 * others are still closed. Not thread-safe.
 */
public final class Resources implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(Resources.class);

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /** Takes {@code resource} to close later; returns it. */
    public <T extends AutoCloseable> T push(T resource) {
        opened.push(resource);
        return resource;
    }

    /** Closes everything taken, the last taken first. */
    @Override
    public void close() {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                LOGGER.atWarn().setCause(e).log("Failed to close a resource");
            }
        }
    }
}
