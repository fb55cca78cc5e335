package dev.ota.simulator.link;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import dev.ota.pki.PlatformKeyStores;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A vehicle's own key pair (made by the vehicle, never sent anywhere) and the certificate the fleet CA issued for it.
 * The vehicle keeps it: reconnects use it again, nothing is issued twice.
 */
record VehicleIdentity(KeyPair keys, X509Certificate certificate, X509Certificate caCertificate) {

    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    /** Mutual TLS: this certificate as client identity, the fleet CA as the only trust anchor for the broker. */
    MqttClientSslConfig sslConfig() {
        try {
            // JKS, in memory only: PKCS#12 protects a key entry with 10,000 PBKDF2 rounds on every setKeyEntry, which
            // made this set-up take ~45 ms per vehicle (most of provisioning a fleet)
            KeyStore own = KeyStore.getInstance("JKS");
            own.load(null, null);
            own.setKeyEntry("vehicle", keys.getPrivate(), IN_MEMORY, new Certificate[] {certificate, caCertificate});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(own, IN_MEMORY);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(PlatformKeyStores.trustStore(caCertificate));
            return MqttClientSslConfig.builder()
                    .keyManagerFactory(keyManagers)
                    .trustManagerFactory(trust)
                    .build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS with the vehicle's certificate", e);
        }
    }
}
