package dev.ota.pki;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * PKCS#12 files for the platform's side of mutual TLS: the broker's server key store (issued by the fleet CA, which
 * vehicles trust), the broker's trust store (the fleet CA for vehicles and a {@link PlatformIssuer} for platform
 * clients), the clients' trust store (the fleet CA, through which the gateway trusts the broker), a platform client
 * key store for the gateway issued by the platform issuer, and the platform issuer's certificate in PEM for the
 * broker's access extension. Issued afresh on every call, with a new platform issuer each time whose private key is
 * never written anywhere: nothing on disk can issue another platform identity.
 *
 * @param brokerKeyStore the broker's key and server certificate (with the fleet CA in its chain)
 * @param brokerTrustStore the fleet CA and the platform issuer: whose client certificates the broker's TLS accepts
 * @param trustStore the fleet CA certificate: what clients (gateway, vehicles) trust the broker through
 * @param gatewayKeyStore the gateway's key and platform client certificate (with the platform issuer in its chain)
 * @param platformIssuerCertificate the platform issuer's certificate (PEM), which makes a client a platform client
 */
public record PlatformKeyStores(
        Path brokerKeyStore,
        Path brokerTrustStore,
        Path trustStore,
        Path gatewayKeyStore,
        Path platformIssuerCertificate,
        String password) {

    private static final Duration VALIDITY = Duration.ofDays(365);

    /** Writes the files into {@code directory}, the key stores protected by {@code password}. */
    public static PlatformKeyStores issue(FleetCa ca, Path directory, String password, String brokerHost) {
        try {
            Files.createDirectories(directory);
            PlatformKeyStores stores = new PlatformKeyStores(
                    directory.resolve("broker.p12"),
                    directory.resolve("broker-trust.p12"),
                    directory.resolve("fleet-ca-trust.p12"),
                    directory.resolve("gateway.p12"),
                    directory.resolve("platform-issuer.pem"),
                    password);
            KeyPair brokerKeys = FleetCa.generateKeyPair();
            write(
                    stores.brokerKeyStore(),
                    keyStore(
                            brokerKeys,
                            ca.issueServer(brokerKeys.getPublic(), brokerHost, VALIDITY),
                            ca.certificate(),
                            password),
                    password);
            PlatformIssuer issuer = PlatformIssuer.create("OTA Platform Issuer", VALIDITY.plusDays(1));
            write(stores.brokerTrustStore(), trustStore(ca.certificate(), issuer.certificate()), password);
            write(stores.trustStore(), trustStore(ca.certificate()), password);
            Files.writeString(
                    stores.platformIssuerCertificate(), FleetCa.pem(issuer.certificate()), StandardCharsets.US_ASCII);
            KeyPair gatewayKeys = FleetCa.generateKeyPair();
            X509Certificate gateway = issuer.issue("device-gateway", gatewayKeys.getPublic(), VALIDITY);
            write(stores.gatewayKeyStore(), keyStore(gatewayKeys, gateway, issuer.certificate(), password), password);
            return stores;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the platform key stores to " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the platform key stores", e);
        }
    }

    /** The platform issuer's certificate, read from {@link #platformIssuerCertificate()}. */
    public X509Certificate readPlatformIssuer() {
        try (InputStream in = Files.newInputStream(platformIssuerCertificate)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + platformIssuerCertificate, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("not a certificate: " + platformIssuerCertificate, e);
        }
    }

    /** A PKCS#12 key store with one key entry ({@code key}) and its chain up to the fleet CA. */
    public static KeyStore keyStore(KeyPair keys, X509Certificate certificate, FleetCa ca, String password)
            throws GeneralSecurityException, IOException {
        return keyStore(keys, certificate, ca.certificate(), password);
    }

    /** A PKCS#12 key store with one key entry ({@code key}) and its chain up to {@code issuer}. */
    public static KeyStore keyStore(KeyPair keys, X509Certificate certificate, X509Certificate issuer, String password)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("key", keys.getPrivate(), password.toCharArray(), new Certificate[] {certificate, issuer});
        return store;
    }

    /** A PKCS#12 trust store holding the fleet CA certificate. */
    public static KeyStore trustStore(X509Certificate caCertificate) throws GeneralSecurityException, IOException {
        return trustStore(new X509Certificate[] {caCertificate});
    }

    /** A PKCS#12 trust store holding the given CA certificates. */
    public static KeyStore trustStore(X509Certificate... caCertificates) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < caCertificates.length; i++) {
            store.setCertificateEntry(i == 0 ? "fleet-ca" : "ca-" + i, caCertificates[i]);
        }
        return store;
    }

    private static void write(Path file, KeyStore store, String password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
    }
}
