package dev.rewind.cli.client;

import java.net.URI;
import javax.net.ssl.SSLException;

/** The replay service could not be reached at all (refused, unknown host, timed out). */
public final class ServerUnreachableException extends RuntimeException {

    ServerUnreachableException(URI server, Throwable cause) {
        super(cause instanceof SSLException
                ? "cannot talk TLS to the rewind service at " + server + " (" + describe(cause) + "); if its"
                        + " certificate is not one the JVM trusts, pass --truststore / REWIND_TRUSTSTORE with its"
                        + " CA (and --truststore-password / REWIND_TRUSTSTORE_PASSWORD)"
                : "cannot reach the rewind service at " + server + " (" + describe(cause)
                        + "); start it or point --server / REWIND_SERVER at it", cause);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
