package dev.rewind.kafka.embedded.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for TLS brokers and clients in tests and local runs: an EC
 * P-256 CA whose key is kept in {@code ca.p12} in its directory (so a broker restarted on a kept
 * data directory keeps trusting the certificates issued before), and leaf certificates valid for
 * {@code localhost} and {@code 127.0.0.1}, usable for both server and client authentication.
 *
 * <p>Every keystore is PKCS#12 with the password {@link #PASSWORD}: this material protects
 * nothing but a test broker on the loopback interface.
 */
public final class CertificateAuthority {

    /** Password of every keystore and key this authority writes. */
    public static final String PASSWORD = "rewind-test-password";

    private static final String ALIAS = "key";
    private static final Duration VALIDITY = Duration.ofDays(3650);

    private final Path directory;
    private final PrivateKey caKey;
    private final X509Certificate caCertificate;

    private CertificateAuthority(Path directory, PrivateKey caKey, X509Certificate caCertificate) {
        this.directory = directory;
        this.caKey = caKey;
        this.caCertificate = caCertificate;
    }

    /** The authority kept in {@code directory}, created there (with its truststore) on first use. */
    public static synchronized CertificateAuthority loadOrCreate(Path directory) {
        try {
            Files.createDirectories(directory);
            Path caStore = directory.resolve("ca.p12");
            if (Files.exists(caStore)) {
                KeyStore store = load(caStore);
                return new CertificateAuthority(directory, (PrivateKey) store.getKey(ALIAS, PASSWORD.toCharArray()),
                        (X509Certificate) store.getCertificate(ALIAS));
            }
            KeyPair pair = newKeyPair();
            X500Name name = new X500Name("CN=rewind test CA");
            X509v3CertificateBuilder builder = builder(name, name, pair);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate certificate = sign(builder, pair.getPrivate());
            KeyStore store = emptyStore();
            store.setKeyEntry(ALIAS, pair.getPrivate(), PASSWORD.toCharArray(), new Certificate[] {certificate});
            save(store, caStore);
            KeyStore trust = emptyStore();
            trust.setCertificateEntry("rewind-test-ca", certificate);
            save(trust, directory.resolve("truststore.p12"));
            return new CertificateAuthority(directory, pair.getPrivate(), certificate);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the test certificate authority in " + directory
                    + ": " + e.getMessage(), e);
        }
    }

    /** The PKCS#12 truststore holding the CA certificate. */
    public Path truststore() {
        return directory.resolve("truststore.p12");
    }

    /**
     * A PKCS#12 keystore for {@code CN=<commonName>}, signed by this authority, valid for
     * {@code localhost} and {@code 127.0.0.1}; reused when it was issued before.
     *
     * @throws IllegalArgumentException when the common name is not a plain name
     */
    public synchronized Path keystore(String commonName) {
        if (!commonName.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("certificate common name '" + commonName
                    + "' must consist of letters, digits, '.', '_' and '-'");
        }
        Path file = directory.resolve(commonName + ".p12");
        if (Files.exists(file)) {
            return file;
        }
        try {
            KeyPair pair = newKeyPair();
            X509v3CertificateBuilder builder = builder(
                    new X500Name(caCertificate.getSubjectX500Principal().getName()),
                    new X500Name("CN=" + commonName), pair);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress())}));
            X509Certificate certificate = sign(builder, caKey);
            KeyStore store = emptyStore();
            store.setKeyEntry(ALIAS, pair.getPrivate(), PASSWORD.toCharArray(),
                    new Certificate[] {certificate, caCertificate});
            save(store, file);
            return file;
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a test certificate for CN=" + commonName + ": "
                    + e.getMessage(), e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair pair)
            throws CertIOException {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static KeyStore load(Path file) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void save(KeyStore store, Path file) throws GeneralSecurityException, IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
    }
}
