package dev.rewind.replaytool.access;

import dev.rewind.api.problems.ProblemType;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Objects;

/**
 * Checks the bearer token of each API request: viewer for reads (GET, HEAD), operator for
 * changes (POST, PUT, DELETE). Stores the {@link Caller} on the request for handlers and audit.
 */
public final class AccessControl {

    private static final String CALLER_ATTRIBUTE = "rewind.caller";

    private final AccessTokens tokens;

    /** Access control over the given tokens; open when they are. */
    public AccessControl(AccessTokens tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /** The caller of a request that passed {@link #check(Context)}. */
    public static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER_ATTRIBUTE);
        return caller == null ? Caller.ANONYMOUS : caller;
    }

    /**
     * Admits the request or throws a 401 / 403 problem.
     */
    public void check(Context ctx) {
        if (tokens.isOpen()) {
            ctx.attribute(CALLER_ATTRIBUTE, Caller.ANONYMOUS);
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"rewind\"");
            throw ProblemType.UNAUTHENTICATED.exception("Send 'Authorization: Bearer <token>' with a"
                    + " token configured on the service (REWIND_TOKENS or the tokens file).");
        }
        Caller caller = tokens.callerOf(header.substring(7).strip()).orElseThrow(() -> {
            ctx.header("WWW-Authenticate", "Bearer realm=\"rewind\", error=\"invalid_token\"");
            return ProblemType.UNAUTHENTICATED.exception("The bearer token is not known to this"
                    + " service; ask an operator for a valid token.");
        });
        Role required = requiredRole(ctx.method());
        if (!caller.role().allows(required)) {
            throw ProblemType.FORBIDDEN.exception("'" + caller.name() + "' has role "
                    + caller.role().label() + "; " + ctx.method() + " needs role "
                    + required.label() + ". Use an operator token.");
        }
        ctx.attribute(CALLER_ATTRIBUTE, caller);
    }

    private static Role requiredRole(HandlerType method) {
        return method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS
                ? Role.VIEWER : Role.OPERATOR;
    }
}
