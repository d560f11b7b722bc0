package dev.rewind.replaytool.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import org.apache.kafka.common.config.types.Password;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * TLS of the service's listener ({@code listeners=https://...}), configured as Kafka Connect's REST server
 * (KIP-208) names it: {@code listeners.https.ssl.keystore.location}, {@code listeners.https.ssl.keystore.password},
 * {@code listeners.https.ssl.keystore.type}, {@code listeners.https.ssl.key.password}. The key store holds the
 * server's private key and certificate chain; clients trust the certificate (the CLI with {@code --truststore}).
 * Jetty's {@link SslContextFactory} serves it with the JVM's default protocols and cipher suites.
 *
 * @param keystore         the key store file
 * @param keystorePassword the key store's password
 * @param keystoreType     {@code PKCS12} (default when null) or {@code JKS}
 * @param keyPassword      the private key's password; null means the key store's
 */
public record HttpsListener(Path keystore, Password keystorePassword, String keystoreType, Password keyPassword) {

    public static final String DEFAULT_KEYSTORE_TYPE = "PKCS12";

    /**
     * Validates that the key store exists and opens with the password.
     *
     * @throws IllegalArgumentException naming the file and what to fix
     */
    public HttpsListener {
        if (keystore == null || !Files.isReadable(keystore)) {
            throw new IllegalArgumentException("key store '" + keystore + "' does not exist or is not readable;"
                    + " point listeners.https.ssl.keystore.location at a PKCS12 file with the server's key and"
                    + " certificate");
        }
        if (keystorePassword == null) {
            throw new IllegalArgumentException("listeners.https.ssl.keystore.password is required with a key store");
        }
        keystoreType = keystoreType == null || keystoreType.isBlank() ? DEFAULT_KEYSTORE_TYPE : keystoreType.trim();
        try (var in = Files.newInputStream(keystore)) {
            KeyStore.getInstance(keystoreType).load(in, keystorePassword.value().toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("key store '" + keystore + "' (type " + keystoreType
                    + ") cannot be opened: " + e.getMessage() + "; check listeners.https.ssl.keystore.password and"
                    + " listeners.https.ssl.keystore.type", e);
        }
    }

    /** A connector serving HTTPS on {@code host}:{@code port} (0 = a free port). */
    ServerConnector connector(Server server, HttpConfiguration http, String host, int port) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keystore.toAbsolutePath().toString());
        tls.setKeyStorePassword(keystorePassword.value());
        tls.setKeyStoreType(keystoreType);
        if (keyPassword != null) {
            tls.setKeyManagerPassword(keyPassword.value());
        }
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // clients check the host name against the certificate; the server need not refuse other Host headers
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    @Override
    public String toString() {
        return "HttpsListener[keystore=" + keystore + ", keystoreType=" + keystoreType + "]";
    }
}
