package dev.rewind.kafka.embedded.internal;

import dev.rewind.kafka.embedded.BrokerSecurity;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * The broker and client settings that put a {@link BrokerSecurity} into effect: listener security,
 * SCRAM, TLS stores and the {@code StandardAuthorizer}.
 */
public final class ListenerSecurity {

    private static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
    private static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    private final BrokerSecurity security;
    private final CertificateAuthority authority;

    /**
     * @param tlsDirectory where the certificate authority and the keystores live (created on first
     *     use; only read for TLS modes)
     */
    public ListenerSecurity(BrokerSecurity security, Path tlsDirectory) {
        this.security = security;
        this.authority = security.tls() ? CertificateAuthority.loadOrCreate(tlsDirectory) : null;
    }

    /** Broker settings beyond the listeners, empty for PLAINTEXT. */
    public Map<String, String> brokerProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        if (!security.secured()) {
            return p;
        }
        p.put("authorizer.class.name", AUTHORIZER);
        p.put("allow.everyone.if.no.acl.found", "false");
        String superUsers = "User:" + security.superUser() + ";User:ANONYMOUS";
        if (security.sasl()) {
            String listener = security.listenerName().toLowerCase(Locale.ROOT);
            String mechanism = BrokerSecurity.SCRAM_MECHANISM.toLowerCase(Locale.ROOT);
            p.put("sasl.enabled.mechanisms", BrokerSecurity.SCRAM_MECHANISM);
            p.put("sasl.mechanism.inter.broker.protocol", BrokerSecurity.SCRAM_MECHANISM);
            p.put("listener.name." + listener + "." + mechanism + ".sasl.jaas.config", jaas(
                    security.superUser(), security.superUserPassword()));
        }
        if (security.tls()) {
            p.put("ssl.keystore.type", "PKCS12");
            p.put("ssl.keystore.location", authority.keystore("broker").toString());
            p.put("ssl.keystore.password", CertificateAuthority.PASSWORD);
            p.put("ssl.key.password", CertificateAuthority.PASSWORD);
            p.put("ssl.truststore.type", "PKCS12");
            p.put("ssl.truststore.location", authority.truststore().toString());
            p.put("ssl.truststore.password", CertificateAuthority.PASSWORD);
        }
        if (security.protocol() == SecurityProtocol.SSL) {
            p.put("ssl.client.auth", "required");
            p.put("ssl.principal.mapping.rules", "RULE:^CN=([^,]+)$/$1/,DEFAULT");
            superUsers += ";User:broker";
        }
        p.put("super.users", superUsers);
        return p;
    }

    /** Arguments for {@code kafka-storage format} that bootstrap the super user's SCRAM credential. */
    public List<String> formatArguments() {
        if (!security.sasl()) {
            return List.of();
        }
        return List.of("--add-scram", BrokerSecurity.SCRAM_MECHANISM + "=[name=" + security.superUser()
                + ",password=" + security.superUserPassword() + "]");
    }

    /**
     * Client settings (security only, no {@code bootstrap.servers}) authenticating as {@code user}
     * with {@code password} (ignored for SSL, where a certificate for {@code CN=user} is issued).
     */
    public Map<String, Object> clientProperties(String user, String password) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (!security.secured()) {
            return p;
        }
        p.put("security.protocol", security.protocol().name);
        if (security.sasl()) {
            p.put("sasl.mechanism", BrokerSecurity.SCRAM_MECHANISM);
            p.put("sasl.jaas.config", jaas(user, password));
        }
        if (security.tls()) {
            p.put("ssl.truststore.type", "PKCS12");
            p.put("ssl.truststore.location", authority.truststore().toString());
            p.put("ssl.truststore.password", CertificateAuthority.PASSWORD);
        }
        if (security.protocol() == SecurityProtocol.SSL) {
            p.put("ssl.keystore.type", "PKCS12");
            p.put("ssl.keystore.location", authority.keystore(user).toString());
            p.put("ssl.keystore.password", CertificateAuthority.PASSWORD);
            p.put("ssl.key.password", CertificateAuthority.PASSWORD);
        }
        return p;
    }

    /** The super user's client settings. */
    public Map<String, Object> superUserClientProperties() {
        return clientProperties(security.superUser(), security.superUserPassword());
    }

    private static String jaas(String user, String password) {
        return SCRAM_LOGIN_MODULE + " required username=\"" + user + "\" password=\"" + password + "\";";
    }
}
