package dev.rewind.cli.client;

import java.net.URI;

/** The replay service could not be reached at all (refused, unknown host, timed out). */
public final class ServerUnreachableException extends RuntimeException {

    ServerUnreachableException(URI server, Throwable cause) {
        super("cannot reach the rewind service at " + server + " (" + describe(cause)
                + "); start it or point --server / REWIND_SERVER at it", cause);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
