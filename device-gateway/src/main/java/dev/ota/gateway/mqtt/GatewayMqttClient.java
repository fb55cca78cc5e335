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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica's MQTT 5 sessions: {@code ota.mqtt.sessions} of them, all members of the same shared subscription
 * group, so the broker spreads vehicle messages over several connections (each with its own network thread, its own
 * receive window and its own in-order acknowledgement sequence) instead of queueing them behind one. The first session
 * also carries the commands to vehicles. Each session starts without a clean start and with a session expiry, so that
 * QoS 1 messages the broker accepted for it while the replica was away are delivered when it returns, and reconnects
 * automatically with back-off.
 */
public final class GatewayMqttClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayMqttClient.class);

    private final List<Mqtt5AsyncClient> sessions;
    private final MqttProperties properties;
    private final List<Consumer<Mqtt5AsyncClient>> onConnected = new CopyOnWriteArrayList<>();

    public GatewayMqttClient(MqttProperties properties) {
        this.properties = properties;
        List<Mqtt5AsyncClient> sessions = new ArrayList<>(properties.sessions());
        for (int i = 0; i < properties.sessions(); i++) {
            sessions.add(build(properties, properties.sessionClientId(i)));
        }
        this.sessions = List.copyOf(sessions);
    }

    private Mqtt5AsyncClient build(MqttProperties properties, String clientId) {
        AtomicReference<Mqtt5AsyncClient> self = new AtomicReference<>();
        Mqtt5ClientBuilder builder = Mqtt5Client.builder()
                .identifier(clientId)
                .serverHost(properties.host())
                .serverPort(properties.port())
                .automaticReconnect()
                .initialDelay(200, TimeUnit.MILLISECONDS)
                .maxDelay(10, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(context -> {
                    log.info("{} connected to MQTT broker {}:{}", clientId, properties.host(), properties.port());
                    onConnected.forEach(action -> CompletableFuture.runAsync(() -> action.accept(self.get())));
                })
                .addDisconnectedListener(context -> log.warn(
                        "{} disconnected from MQTT broker: {}",
                        clientId,
                        context.getCause().getMessage()));
        if (properties.tls() != null) {
            builder = builder.sslConfig(sslConfig(properties.tls()));
        }
        Mqtt5AsyncClient client = builder.buildAsync();
        self.set(client);
        return client;
    }

    /** The first session, which also publishes commands to vehicles. */
    public Mqtt5AsyncClient client() {
        return sessions.getFirst();
    }

    /** Every session of this replica; register publish callbacks on each before {@link #connect()}. */
    public List<Mqtt5AsyncClient> sessions() {
        return sessions;
    }

    /**
     * Runs the action (off the network thread) after every successful connect of a session, with that session, e.g.
     * to (re)subscribe it.
     */
    public void onConnected(Consumer<Mqtt5AsyncClient> action) {
        onConnected.add(action);
    }

    /**
     * The largest packet the gateway takes from the broker or sends to it: a vehicle message's 256 KiB payload limit
     * plus 4 KiB for topic and properties, as the broker's own limit. The broker drops, rather than delivers, a message
     * larger than this for the gateway.
     */
    static final int MAX_PACKET_SIZE = 256 * 1024 + 4 * 1024;

    /**
     * Connects every session once; when the broker is not reachable the clients keep trying in the background, so a
     * replica can start before its broker.
     */
    public void connect() {
        for (Mqtt5AsyncClient client : sessions) {
            client.connectWith()
                    .cleanStart(false)
                    .sessionExpiryInterval(properties.sessionExpiry().toSeconds())
                    .restrictions()
                    .receiveMaximum(properties.receiveMaximum())
                    .maximumPacketSize(MAX_PACKET_SIZE)
                    .sendMaximumPacketSize(MAX_PACKET_SIZE)
                    .applyRestrictions()
                    .send()
                    .whenComplete((ack, failure) -> {
                        if (failure != null) {
                            log.warn(
                                    "MQTT broker not reachable yet, retrying in the background: {}",
                                    failure.getMessage());
                        }
                    });
        }
    }

    /** True while every session is connected. */
    public boolean connected() {
        return connectedSessions() == sessions.size();
    }

    public int connectedSessions() {
        return (int) sessions.stream()
                .filter(client -> client.getState().isConnected())
                .count();
    }

    @Override
    public void close() {
        List<CompletableFuture<?>> disconnecting = new ArrayList<>();
        for (Mqtt5AsyncClient client : sessions) {
            if (client.getState().isConnectedOrReconnect()) {
                disconnecting.add(client.disconnect()
                        .orTimeout(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS)
                        .exceptionally(e -> null));
            }
        }
        CompletableFuture.allOf(disconnecting.toArray(CompletableFuture[]::new)).join();
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
