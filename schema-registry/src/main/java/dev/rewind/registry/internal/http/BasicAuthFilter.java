package dev.rewind.registry.internal.http;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rewind.registry.BasicAuthentication;
import dev.rewind.registry.internal.RegistryException;
import dev.rewind.registry.internal.auth.RegistryUsers;
import dev.rewind.registry.internal.auth.RegistryUsers.Access;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.security.BasicAuthCredentials;

/**
 * Runs before every request when {@link BasicAuthentication} is on: 401 with {@code WWW-Authenticate} for missing
 * or wrong credentials (RFC 7617), 403 for a user whose role does not allow the request, both in Confluent's
 * error body. Writes are every PUT and DELETE and {@code POST /subjects/{subject}/versions} (registration); the
 * other POSTs (lookup, compatibility test) only read.
 */
final class BasicAuthFilter {

    private static final Logger LOGGER = LoggerFactory.getLogger(BasicAuthFilter.class);

    private final RegistryUsers users;
    private final String challenge;

    BasicAuthFilter(RegistryUsers users, String realm) {
        this.users = users;
        this.challenge = "Basic realm=\"" + realm + "\", charset=\"UTF-8\"";
    }

    void check(Context ctx) {
        Optional<BasicAuthCredentials> credentials = credentials(ctx);
        Optional<Access> access = credentials.flatMap(c -> users.authenticate(c.getUsername(), c.getPassword()));
        if (access.isEmpty()) {
            LOGGER.atDebug().addKeyValue("user", credentials.map(BasicAuthCredentials::getUsername).orElse(null))
                    .addKeyValue("path", ctx.path()).log("Refused unauthenticated request");
            ctx.header(Header.WWW_AUTHENTICATE, challenge);
            refuse(ctx, new RegistryException(401, 401, credentials.isEmpty()
                    ? "Unauthorized: this registry requires HTTP basic authentication; send the credentials of a"
                    + " user of its users file (clients: basic.auth.credentials.source=USER_INFO and"
                    + " basic.auth.user.info=USER:PASSWORD)."
                    : "Unauthorized: unknown user or wrong password for user '" + credentials.get().getUsername()
                    + "'."));
            return;
        }
        boolean write = isWrite(ctx);
        Access needed = write ? Access.WRITE : Access.READ;
        if (access.get().compareTo(needed) < 0) {
            String user = credentials.get().getUsername();
            refuse(ctx, new RegistryException(403, 403, "Forbidden: user '" + user + "' may not "
                    + (write ? "write (" : "read (") + ctx.method() + " " + ctx.path() + "); it needs role '"
                    + (write ? BasicAuthentication.WRITE_ROLE : BasicAuthentication.READ_ROLE)
                    + "' in the registry's users file."));
        }
    }

    private static Optional<BasicAuthCredentials> credentials(Context ctx) {
        try {
            return Optional.ofNullable(ctx.basicAuthCredentials());
        } catch (RuntimeException e) {
            // not Base64, or no ':' between user and password: the same as no credentials
            return Optional.empty();
        }
    }

    /** The raw (still percent-encoded) path, so a subject containing "/versions" cannot pass for another route. */
    static boolean isWrite(Context ctx) {
        String method = ctx.method().name();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return false;
        }
        if (!method.equals("POST")) {
            return true;
        }
        String path = ctx.req().getRequestURI();
        path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return path.startsWith("/subjects/") && path.endsWith("/versions")
                && path.indexOf('/', "/subjects/".length()) == path.length() - "/versions".length();
    }

    private static void refuse(Context ctx, RegistryException e) {
        Http.error(ctx, e);
        ctx.skipRemainingHandlers();
    }
}
