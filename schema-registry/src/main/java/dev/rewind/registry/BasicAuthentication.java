package dev.rewind.registry;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * HTTP basic authentication of the registry's REST API, with a read-only and a write role, as Confluent Schema
 * Registry's {@code authentication.method=BASIC} reads them: users, passwords and roles from a file in the format
 * of Jetty's {@code HashLoginService} / JAAS {@code PropertyFileLoginModule} that Confluent's documentation uses,
 * one user a line:
 *
 * <pre>
 * # user: password[,role...]
 * ci: MD5:5f4dcc3b5aa765d61d8327deb882cf99,writer
 * release-coordinator: CRYPT:adpexzg3FUZAk,reader
 * </pre>
 *
 * <p>Passwords may be stored as Jetty credentials: {@code MD5:} (hex MD5 of the password, e.g.
 * {@code printf %s "$PASSWORD" | md5sum}), {@code CRYPT:} (Unix crypt), {@code OBF:} (obfuscated, not a hash) or
 * plain text. Role {@value #READ_ROLE} may read (every GET, lookups {@code POST /subjects/{subject}} and
 * compatibility checks {@code POST /compatibility/...}); role {@value #WRITE_ROLE} may also register schemas,
 * change compatibility levels and the mode, and delete. A user with neither role is refused everything.
 *
 * <p>Answers (Confluent's error body): no or wrong credentials, 401 with {@code WWW-Authenticate: Basic realm=...}
 * and {@code error_code} 401; a reader writing, or a user without a role, 403 with {@code error_code} 403.
 * Passwords are never logged or echoed.
 *
 * @param usersFile the file of users; it must exist and be readable. It is read once at start.
 * @param realm     the realm named in {@code WWW-Authenticate}; null means {@value #DEFAULT_REALM}
 */
public record BasicAuthentication(Path usersFile, String realm) {

    /** The role that may read. */
    public static final String READ_ROLE = "reader";
    /** The role that may read and write. */
    public static final String WRITE_ROLE = "writer";
    public static final String DEFAULT_REALM = "SchemaRegistry";

    public BasicAuthentication {
        if (usersFile == null) {
            throw new IllegalArgumentException("usersFile is required: a file of 'user: password,role' lines");
        }
        if (!Files.isRegularFile(usersFile) || !Files.isReadable(usersFile)) {
            throw new IllegalArgumentException("users file '" + usersFile + "' does not exist or is not readable;"
                    + " give a file of 'user: password,role' lines (roles " + READ_ROLE + ", " + WRITE_ROLE + ")");
        }
        realm = realm == null || realm.isBlank() ? DEFAULT_REALM : realm;
        if (realm.contains("\"")) {
            throw new IllegalArgumentException("realm '" + realm + "' must not contain '\"'");
        }
    }

    /** Authentication from {@code usersFile} in realm {@value #DEFAULT_REALM}. */
    public static BasicAuthentication fromFile(Path usersFile) {
        return new BasicAuthentication(usersFile, null);
    }
}
