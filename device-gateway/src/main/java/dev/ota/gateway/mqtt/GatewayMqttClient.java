package dev.ota.gateway.mqtt;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica's one MQTT 5 session. It starts without a clean start and with a session expiry, so that QoS 1
 * messages the broker accepted for this replica while it was away are delivered when it returns, and reconnects
 * automatically with back-off.
 */
public final class GatewayMqttClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayMqttClient.class);

    private final Mqtt5AsyncClient client;
    private final MqttProperties properties;
    private final List<Runnable> onConnected = new CopyOnWriteArrayList<>();

    public GatewayMqttClient(MqttProperties properties) {
        this.properties = properties;
        Mqtt5ClientBuilder builder = Mqtt5Client.builder()
                .identifier(properties.clientId())
                .serverHost(properties.host())
                .serverPort(properties.port())
                .automaticReconnect()
                .initialDelay(200, TimeUnit.MILLISECONDS)
                .maxDelay(10, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(context -> {
                    log.info("connected to MQTT broker {}:{}", properties.host(), properties.port());
                    onConnected.forEach(CompletableFuture::runAsync);
                })
                .addDisconnectedListener(context -> log.warn(
                        "disconnected from MQTT broker: {}", context.getCause().getMessage()));
        if (properties.tls() != null) {
            builder = builder.sslConfig(sslConfig(properties.tls()));
        }
        this.client = builder.buildAsync();
    }

    /** The underlying client; register publish callbacks before {@link #connect()}. */
    public Mqtt5AsyncClient client() {
        return client;
    }

    /** Runs the action (off the network thread) after every successful connect, e.g. to (re)subscribe. */
    public void onConnected(Runnable action) {
        onConnected.add(action);
    }

    /**
     * Connects once; when the broker is not reachable the client keeps trying in the background, so a replica can
     * start before its broker.
     */
    public void connect() {
        client.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(properties.sessionExpiry().toSeconds())
                .restrictions()
                .receiveMaximum(properties.receiveMaximum())
                .applyRestrictions()
                .send()
                .whenComplete((ack, failure) -> {
                    if (failure != null) {
                        log.warn("MQTT broker not reachable yet, retrying in the background: {}", failure.getMessage());
                    }
                });
    }

    public boolean connected() {
        return client.getState().isConnected();
    }

    @Override
    public void close() {
        if (client.getState().isConnectedOrReconnect()) {
            client.disconnect()
                    .orTimeout(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS)
                    .exceptionally(e -> null)
                    .join();
        }
    }

    static MqttClientSslConfig sslConfig(MqttProperties.Tls tls) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(
                    load(tls.keyStore(), tls.keyStorePassword()),
                    tls.keyStorePassword().toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(tls.trustStore(), tls.trustStorePassword()));
            return MqttClientSslConfig.builder()
                    .keyManagerFactory(keys)
                    .trustManagerFactory(trust)
                    .build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot load the gateway's MQTT TLS material", e);
        }
    }

    private static KeyStore load(java.nio.file.Path path, String password)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}
