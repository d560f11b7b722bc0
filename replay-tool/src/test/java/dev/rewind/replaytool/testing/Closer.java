package dev.rewind.replaytool.testing;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test started (servers, runtimes, traffic), closed after each test in the reverse order of
 * {@link #push}: {@code @RegisterExtension final Closer resources = new Closer();}.
 */
public final class Closer implements AfterEachCallback {

    private final List<AutoCloseable> resources = new ArrayList<>();

    /** Closes {@code resource} after the test, before everything pushed earlier; returns it. */
    public <T extends AutoCloseable> T push(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            for (int i = resources.size() - 1; i >= 0; i--) {
                resources.get(i).close();
            }
        } finally {
            resources.clear();
        }
    }
}
