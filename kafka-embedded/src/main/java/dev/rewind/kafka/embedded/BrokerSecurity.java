package dev.rewind.kafka.embedded;

import java.util.Objects;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * How an {@link EmbeddedKafka} broker secures its client listener.
 *
 * <ul>
 *   <li>{@link SecurityProtocol#PLAINTEXT}: no authentication, no authorizer (the default);</li>
 *   <li>{@link SecurityProtocol#SASL_PLAINTEXT} and {@link SecurityProtocol#SASL_SSL}: SASL/SCRAM-SHA-512
 *       (RFC 5802, KIP-84) with the super user's credential bootstrapped when the log directory is
 *       formatted (KIP-900), TLS for {@code SASL_SSL};</li>
 *   <li>{@link SecurityProtocol#SSL}: mutual TLS, the principal is the certificate's common name
 *       ({@code ssl.principal.mapping.rules}).</li>
 * </ul>
 *
 * <p>Every secured mode runs KRaft's {@code StandardAuthorizer} with
 * {@code allow.everyone.if.no.acl.found=false}: a principal other than the super user can do only
 * what ACLs allow. The broker itself authenticates as the super user on its inter-broker
 * listener. The KRaft controller listener stays PLAINTEXT on the loopback interface (SCRAM cannot
 * secure it: the credentials live in the metadata it serves), so its anonymous principal is a super
 * user too; clients are never told about that listener.
 *
 * @param protocol the client listener's security protocol
 * @param superUser the super user's name (SCRAM user name or certificate common name)
 * @param superUserPassword the super user's SCRAM password (unused with {@code SSL})
 */
public record BrokerSecurity(SecurityProtocol protocol, String superUser, String superUserPassword) {

    /** SASL mechanism of the secured SASL modes. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    private static final String DEFAULT_SUPER_USER = "admin";
    private static final String DEFAULT_SUPER_USER_PASSWORD = "admin-secret";

    public BrokerSecurity {
        Objects.requireNonNull(protocol, "protocol");
        if (protocol != SecurityProtocol.PLAINTEXT && protocol != SecurityProtocol.SASL_PLAINTEXT
                && protocol != SecurityProtocol.SASL_SSL && protocol != SecurityProtocol.SSL) {
            throw new IllegalArgumentException("security protocol " + protocol
                    + " is not supported; use PLAINTEXT, SASL_PLAINTEXT, SASL_SSL or SSL");
        }
        Objects.requireNonNull(superUser, "superUser");
        Objects.requireNonNull(superUserPassword, "superUserPassword");
        if (!superUser.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("super user '" + superUser
                    + "' must consist of letters, digits, '.', '_' and '-'");
        }
        if (superUserPassword.isEmpty() || superUserPassword.contains("\"") || superUserPassword.contains(",")
                || superUserPassword.contains("]")) {
            throw new IllegalArgumentException("the super user's password must be non-empty and free of"
                    + " '\"', ',' and ']' (it goes into a JAAS line and a kafka-storage --add-scram argument)");
        }
    }

    /** No security: a PLAINTEXT listener without authorizer. */
    public static BrokerSecurity plaintext() {
        return of(SecurityProtocol.PLAINTEXT);
    }

    /** The given protocol with super user {@code admin} (password {@code admin-secret} for SASL). */
    public static BrokerSecurity of(SecurityProtocol protocol) {
        return new BrokerSecurity(protocol, DEFAULT_SUPER_USER, DEFAULT_SUPER_USER_PASSWORD);
    }

    /** Whether clients authenticate with SASL/SCRAM. */
    public boolean sasl() {
        return protocol == SecurityProtocol.SASL_PLAINTEXT || protocol == SecurityProtocol.SASL_SSL;
    }

    /** Whether the client listener speaks TLS. */
    public boolean tls() {
        return protocol == SecurityProtocol.SSL || protocol == SecurityProtocol.SASL_SSL;
    }

    /** Whether the broker authenticates and authorizes clients at all. */
    public boolean secured() {
        return protocol != SecurityProtocol.PLAINTEXT;
    }

    /** The listener name the broker uses for clients: the protocol's name. */
    public String listenerName() {
        return protocol.name;
    }
}
