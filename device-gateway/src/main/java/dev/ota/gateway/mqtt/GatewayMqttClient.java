package dev.ota.gateway.mqtt;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttSharedTopicFilter;
import com.hivemq.client.mqtt.datatypes.MqttTopicFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
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
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica's MQTT 5 sessions: {@code ota.mqtt.sessions} of them, all members of the same shared subscription
 * group, so the broker spreads vehicle messages over several connections (each with its own network thread, its own
 * receive window and its own in-order acknowledgement sequence) instead of queueing them behind one. The first session
 * also carries the commands to vehicles. Each session starts without a clean start and with a session expiry, so that
 * QoS 1 messages the broker accepted for it while the replica was away are delivered when it returns, and reconnects
 * automatically with back-off.
 *
 * <p>Every message a session receives passes one dispatcher, registered on each session before it first connects: a
 * persistent session delivers what the broker kept for it right after the connect, before any subscribe of this
 * connect is answered, so a callback given to a subscribe would miss those messages. The dispatcher hands a message to
 * the part that {@linkplain #receive registered} its topic, and everything else to the {@linkplain #receiveOthers
 * vehicle uplink}, so each message reaches exactly one part, once.
 */
public final class GatewayMqttClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayMqttClient.class);

    private final List<Mqtt5AsyncClient> sessions;
    private final MqttProperties properties;
    private final List<Consumer<Mqtt5AsyncClient>> onConnected = new CopyOnWriteArrayList<>();
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private volatile @Nullable BiConsumer<Integer, Mqtt5Publish> others;

    /** A topic a part of the gateway owns, and who handles it where. */
    private record Route(MqttTopicFilter filter, Executor executor, Consumer<Mqtt5Publish> handler) {}

    public GatewayMqttClient(MqttProperties properties) {
        this.properties = properties;
        List<Mqtt5AsyncClient> sessions = new ArrayList<>(properties.sessions());
        for (int i = 0; i < properties.sessions(); i++) {
            sessions.add(build(properties, properties.sessionClientId(i)));
        }
        this.sessions = List.copyOf(sessions);
        for (int i = 0; i < this.sessions.size(); i++) {
            int session = i;
            // on the network thread: dispatching only hands the message to its part's executor
            this.sessions.get(i).publishes(MqttGlobalPublishFilter.ALL, publish -> dispatch(session, publish), true);
        }
    }

    private void dispatch(int session, Mqtt5Publish publish) {
        for (Route route : routes) {
            if (route.filter().matches(publish.getTopic())) {
                route.executor().execute(() -> {
                    try {
                        route.handler().accept(publish);
                    } catch (RuntimeException failure) {
                        log.warn("handling a message on {} failed", publish.getTopic(), failure);
                    } finally {
                        publish.acknowledge();
                    }
                });
                return;
            }
        }
        BiConsumer<Integer, Mqtt5Publish> uplink = others;
        if (uplink == null) {
            log.warn("no part of this gateway takes messages on {}; acknowledged and dropped", publish.getTopic());
            publish.acknowledge();
            return;
        }
        uplink.accept(session, publish);
    }

    /**
     * Subscribes the first session to the filter (a shared one splits the messages among replicas) on every connect,
     * and hands each message on a matching topic to the handler, on the executor; the message is acknowledged when the
     * handler returns. Register before {@link #connect()}.
     */
    public void receive(String topicFilter, MqttQos qos, Executor executor, Consumer<Mqtt5Publish> handler) {
        MqttTopicFilter filter = MqttTopicFilter.of(topicFilter);
        routes.add(new Route(
                filter instanceof MqttSharedTopicFilter shared ? shared.getTopicFilter() : filter, executor, handler));
        Mqtt5AsyncClient first = client();
        onConnected(session -> {
            if (session == first) {
                session.subscribeWith().topicFilter(filter).qos(qos).send().whenComplete((ack, failure) -> {
                    if (failure != null) {
                        log.error("could not subscribe to {}", topicFilter, failure);
                    }
                });
            }
        });
    }

    /**
     * Hands every message no {@linkplain #receive registered part} takes to the handler, with the index of the session
     * it came in on; the handler acknowledges it. Register before {@link #connect()}.
     */
    public void receiveOthers(BiConsumer<Integer, Mqtt5Publish> handler) {
        if (others != null) {
            throw new IllegalStateException("the messages no part takes already have their handler");
        }
        others = handler;
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

    /** Every session of this replica. */
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
