package dev.ota.pki;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * PKCS#12 files for the platform's side of mutual TLS, issued by the fleet CA: the broker's server key store, the
 * trust store holding the fleet CA (the broker trusts vehicles and gateways through it, the gateway trusts the broker
 * through it), and a platform client key store ({@code OU=platform}) for the gateway. Issued afresh on every call, so
 * they never expire while a platform is restarted from time to time; their keys are new each time.
 *
 * @param brokerKeyStore the broker's key and server certificate (with the CA in its chain)
 * @param trustStore the fleet CA certificate
 * @param gatewayKeyStore the gateway's key and platform client certificate
 */
public record PlatformKeyStores(Path brokerKeyStore, Path trustStore, Path gatewayKeyStore, String password) {

    private static final Duration VALIDITY = Duration.ofDays(365);

    /** Writes the three files into {@code directory}, all protected by {@code password}. */
    public static PlatformKeyStores issue(FleetCa ca, Path directory, String password, String brokerHost) {
        try {
            Files.createDirectories(directory);
            PlatformKeyStores stores = new PlatformKeyStores(
                    directory.resolve("broker.p12"),
                    directory.resolve("fleet-ca-trust.p12"),
                    directory.resolve("gateway.p12"),
                    password);
            KeyPair brokerKeys = FleetCa.generateKeyPair();
            write(
                    stores.brokerKeyStore(),
                    keyStore(brokerKeys, ca.issueServer(brokerKeys.getPublic(), brokerHost, VALIDITY), ca, password),
                    password);
            write(stores.trustStore(), trustStore(ca.certificate()), password);
            KeyPair gatewayKeys = FleetCa.generateKeyPair();
            X509Certificate gateway = ca.issuePlatform(
                    FleetCa.request(gatewayKeys, "CN=device-gateway,OU=" + FleetCa.PLATFORM_UNIT + ",O=OTA Fleet"),
                    VALIDITY);
            write(stores.gatewayKeyStore(), keyStore(gatewayKeys, gateway, ca, password), password);
            return stores;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the platform key stores to " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the platform key stores", e);
        }
    }

    /** A PKCS#12 key store with one key entry ({@code key}) and its chain up to the fleet CA. */
    public static KeyStore keyStore(KeyPair keys, X509Certificate certificate, FleetCa ca, String password)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(
                "key", keys.getPrivate(), password.toCharArray(), new Certificate[] {certificate, ca.certificate()});
        return store;
    }

    /** A PKCS#12 trust store holding the fleet CA certificate. */
    public static KeyStore trustStore(X509Certificate caCertificate) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("fleet-ca", caCertificate);
        return store;
    }

    private static void write(Path file, KeyStore store, String password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
    }
}
