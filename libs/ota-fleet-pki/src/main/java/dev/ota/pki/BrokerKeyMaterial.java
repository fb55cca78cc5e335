package dev.ota.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Objects;

/**
 * An operator's command for the broker's and the gateway's key material, run once before the broker starts and again
 * before a year has passed (the certificates are valid for 365 days):
 *
 * <pre>
 * OTA_FLEET_CA_PASSWORD=... OTA_KEYSTORE_PASSWORD=... \
 *   java -cp 'ota-vehicle-access/*' dev.ota.pki.BrokerKeyMaterial CA_KEY_STORE BROKER_DIR GATEWAY_DIR BROKER_HOST [--create-ca]
 * </pre>
 *
 * Loads the fleet CA from {@code CA_KEY_STORE} (signing-service's {@code ota.signing.fleet-ca.key-store}, PKCS#12;
 * with {@code --create-ca} created there when absent, for a development cluster only), then writes {@code broker.p12}
 * (the broker's key and server certificate for {@code BROKER_HOST}), {@code broker-trust.p12} (the fleet CA and a new
 * platform issuer), {@code fleet-ca.pem} and {@code platform-issuer.pem} (for the access extension's
 * {@code ca-certificate} and {@code platform-issuer-certificate}) into {@code BROKER_DIR}, and {@code gateway.p12} (a
 * platform client certificate from that platform issuer) and {@code fleet-ca-trust.p12} (through which the gateway
 * trusts the broker) into {@code GATEWAY_DIR}; key stores in PKCS#12 under {@code OTA_KEYSTORE_PASSWORD}. The broker
 * never receives the gateway's key, nor the gateway the broker's, and neither receives the fleet CA's.
 */
public final class BrokerKeyMaterial {

    private BrokerKeyMaterial() {}

    public static void main(String[] args) {
        if (args.length != 4 && !(args.length == 5 && args[4].equals("--create-ca"))) {
            System.err.println("usage: BrokerKeyMaterial CA_KEY_STORE BROKER_DIR GATEWAY_DIR BROKER_HOST [--create-ca]"
                    + " (passwords in OTA_FLEET_CA_PASSWORD and OTA_KEYSTORE_PASSWORD)");
            System.exit(2);
        }
        PlatformKeyStores broker = write(
                Path.of(args[0]),
                args.length == 5,
                Path.of(args[1]),
                Path.of(args[2]),
                args[3],
                environment("OTA_FLEET_CA_PASSWORD"),
                environment("OTA_KEYSTORE_PASSWORD"));
        System.out.println("broker key store " + broker.brokerKeyStore() + ", trust store " + broker.brokerTrustStore()
                + ", gateway key store " + broker.gatewayKeyStore());
    }

    /**
     * Issues the key stores as described above.
     *
     * @return where the files are (the trust store's path is the broker's copy)
     */
    public static PlatformKeyStores write(
            Path caKeyStore,
            boolean createCa,
            Path brokerDirectory,
            Path gatewayDirectory,
            String brokerHost,
            String caPassword,
            String keyStorePassword) {
        FleetCa ca = FleetCaKeyStore.loadOrCreate(
                caKeyStore, caPassword.toCharArray(), "OTA Fleet CA", Duration.ofDays(3650), createCa);
        PlatformKeyStores issued = PlatformKeyStores.issue(ca, brokerDirectory, keyStorePassword, brokerHost);
        try {
            Files.writeString(
                    brokerDirectory.resolve("fleet-ca.pem"), FleetCa.pem(ca.certificate()), StandardCharsets.US_ASCII);
            Files.createDirectories(gatewayDirectory);
            Files.move(
                    issued.gatewayKeyStore(),
                    gatewayDirectory.resolve("gateway.p12"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.copy(
                    issued.trustStore(),
                    gatewayDirectory.resolve(issued.trustStore().getFileName()),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the gateway's key store to " + gatewayDirectory, e);
        }
        return new PlatformKeyStores(
                issued.brokerKeyStore(),
                issued.brokerTrustStore(),
                gatewayDirectory.resolve(issued.trustStore().getFileName()),
                gatewayDirectory.resolve("gateway.p12"),
                issued.platformIssuerCertificate(),
                keyStorePassword);
    }

    private static String environment(String name) {
        String value = System.getenv(name);
        if (Objects.requireNonNullElse(value, "").isBlank()) {
            System.err.println(name + " must be set");
            System.exit(2);
        }
        return value;
    }
}
