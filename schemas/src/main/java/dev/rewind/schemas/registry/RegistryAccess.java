package dev.rewind.schemas.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up check every rewind process runs against its schema registry: one read ({@code GET /config}) with
 * the process's credentials. A registry that refuses them (HTTP 401 or 403) would otherwise surface only at the
 * first event, as a registry outage retried forever; refusing to start instead names the URL and the settings to
 * fix. A registry that cannot be reached is not a reason to refuse: it may start later, and reads retry.
 */
public final class RegistryAccess {

    private static final Logger LOGGER = LoggerFactory.getLogger(RegistryAccess.class);

    private RegistryAccess() {
    }

    /**
     * Reads the global compatibility level with {@code client}.
     *
     * @param url the registry's URL, for messages
     * @throws RegistryAccessDeniedException when the registry answers 401 or 403; its message is one line naming
     *                                       the URL and the settings ({@code basic.auth.*}, {@code bearer.auth.*})
     */
    public static void verify(SchemaRegistryClient client, String url) {
        try {
            client.getCompatibility();
        } catch (SchemaRegistryException e) {
            if (e.httpStatus() == 401 || e.httpStatus() == 403) {
                throw new RegistryAccessDeniedException("The schema registry at " + url + " refused this process's"
                        + " credentials (HTTP " + e.httpStatus() + "): " + e.getMessage(), e);
            }
            LOGGER.atWarn().addKeyValue("url", url)
                    .log("Schema registry not usable at start-up, continuing: {}", e.getMessage());
        }
    }

    /** The registry refused the credentials (401) or their role (403): fix the settings, retrying will not help. */
    public static final class RegistryAccessDeniedException extends IllegalStateException {
        RegistryAccessDeniedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
