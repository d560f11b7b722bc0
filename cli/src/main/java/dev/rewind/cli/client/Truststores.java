package dev.rewind.cli.client;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS contexts that trust the certificates of a key store file, for {@code https://} services. */
public final class Truststores {

    private Truststores() {
    }

    /**
     * A context trusting the certificates in {@code file} (PKCS12 or JKS, detected) and nothing else.
     *
     * @param password the store's password; null or blank for none
     * @throws IllegalArgumentException naming the file, the problem and the options to fix
     */
    public static SSLContext sslContext(Path file, String password) {
        try {
            char[] secret = password == null || password.isBlank() ? null : password.toCharArray();
            KeyStore store = KeyStore.getInstance(file.toFile(), secret);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read the truststore " + file + " (" + e.getMessage()
                    + "); pass a PKCS12 or JKS file with --truststore / REWIND_TRUSTSTORE and its password with"
                    + " --truststore-password / REWIND_TRUSTSTORE_PASSWORD", e);
        }
    }
}
