package dev.ota.systemtests;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import dev.ota.pki.FleetCa;
import dev.ota.pki.PlatformKeyStores;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An MQTT client with a certificate for a VIN, provisioned the way the simulator provisions its vehicles: its own key
 * pair, a CSR to the fleet CA's REST API as the provisioning client, mutual TLS to the broker. What a vehicle with a
 * valid certificate (possibly a compromised one) can do.
 */
final class CertifiedMqttClient {

    static final String PROVISIONER = "vehicle-simulator";
    static final String PROVISIONER_SECRET = "simulator-secret";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private CertifiedMqttClient() {}

    /** Provisions a certificate for {@code vin} and connects with it (client id = VIN), without a persistent session. */
    static Mqtt5BlockingClient connect(String vin) throws Exception {
        Mqtt5BlockingClient client = build(vin, provision(vin));
        client.connect();
        return client;
    }

    /** A fresh key pair and the fleet CA's certificate for it. */
    /** A VIN no registered vehicle has: the prefix (three characters naming the test) and 14 random VIN characters. */
    static String randomVin(String prefix) {
        String alphabet = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";
        StringBuilder vin = new StringBuilder(prefix);
        while (vin.length() < 17) {
            vin.append(alphabet.charAt(
                    java.util.concurrent.ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return vin.toString();
    }

    static Credentials provision(String vin) throws Exception {
        KeyPair keys = FleetCa.generateKeyPair();
        String csr = FleetCa.pem(FleetCa.request(keys, "CN=" + vin));
        HttpResponse<String> response = Http.postJson(
                RunningPlatform.get().url("signing-service") + "/api/v1/fleet-ca/certificates",
                Http.token(PROVISIONER, PROVISIONER_SECRET),
                JSON.writeValueAsString(Map.of("csrs", List.of(csr))));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the fleet CA answered " + response.statusCode() + " " + response.body());
        }
        JsonNode body = JSON.readTree(response.body());
        return new Credentials(
                keys,
                certificate(body.path("certificates").get(0).path("certificate").asString()),
                certificate(body.path("caCertificate").asString()));
    }

    record Credentials(KeyPair keys, X509Certificate certificate, X509Certificate caCertificate) {}

    /** The vehicle's key and certificate chain as an in-memory key store, protected by {@link #keyStorePassword()}. */
    static KeyStore keyStore(Credentials credentials) throws Exception {
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        own.setKeyEntry("vehicle", credentials.keys().getPrivate(), IN_MEMORY, new Certificate[] {
            credentials.certificate(), credentials.caCertificate()
        });
        return own;
    }

    static char[] keyStorePassword() {
        return IN_MEMORY.clone();
    }

    static Mqtt5BlockingClient build(String clientId, Credentials credentials) throws Exception {
        KeyStore own = keyStore(credentials);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(own, IN_MEMORY);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(PlatformKeyStores.trustStore(credentials.caCertificate()));
        return Mqtt5Client.builder()
                .identifier(clientId)
                .serverHost(RunningPlatform.get().mqttHost())
                .serverPort(RunningPlatform.get().mqttTlsPort())
                .sslConfig(MqttClientSslConfig.builder()
                        .keyManagerFactory(keyManagers)
                        .trustManagerFactory(trust)
                        .build())
                .buildBlocking();
    }

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
