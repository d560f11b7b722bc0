package dev.rewind.replaytool.access;

import java.util.Objects;

/**
 * Who made a request: the name a token is registered under and its role. Recorded as the author
 * of every change.
 *
 * @param name person or system the token was issued to
 * @param role what the token may do
 */
public record Caller(String name, Role role) {

    /** The caller of a service that runs without tokens: everybody may do everything. */
    public static final Caller ANONYMOUS = new Caller("anonymous", Role.OPERATOR);

    /** Validates the name. */
    public Caller {
        Objects.requireNonNull(role, "role");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A token's name must not be blank");
        }
    }
}
