package dev.rewind.registry.internal.auth;

import java.util.Optional;

import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.server.UserIdentity;

import dev.rewind.registry.BasicAuthentication;

/**
 * The users of {@link BasicAuthentication}'s file, checked by Jetty's {@link HashLoginService} (the login
 * service Confluent's registry configures through JAAS): it parses the file and compares passwords, including
 * the {@code MD5:}/{@code CRYPT:} forms. Thread-safe once started.
 */
public final class RegistryUsers implements AutoCloseable {

    private final HashLoginService logins;

    private RegistryUsers(HashLoginService logins) {
        this.logins = logins;
    }

    /** @throws IllegalArgumentException when the file cannot be read as a users file */
    public static RegistryUsers load(BasicAuthentication authentication) {
        HashLoginService logins = new HashLoginService(authentication.realm(),
                authentication.usersFile().toAbsolutePath().toString());
        try {
            logins.start();
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot read the users file '" + authentication.usersFile() + "': "
                    + e.getMessage() + "; each line is 'user: password[,role...]'", e);
        }
        return new RegistryUsers(logins);
    }

    /** The user's access when {@code password} is theirs; empty for an unknown user or a wrong password. */
    public Optional<Access> authenticate(String user, String password) {
        UserIdentity identity = logins.login(user, password, null);
        if (identity == null) {
            return Optional.empty();
        }
        if (identity.isUserInRole(BasicAuthentication.WRITE_ROLE, null)) {
            return Optional.of(Access.WRITE);
        }
        return Optional.of(identity.isUserInRole(BasicAuthentication.READ_ROLE, null) ? Access.READ : Access.NONE);
    }

    @Override
    public void close() {
        try {
            logins.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the login service", e);
        }
    }

    /** What an authenticated user may do. */
    public enum Access {
        NONE, READ, WRITE
    }
}
