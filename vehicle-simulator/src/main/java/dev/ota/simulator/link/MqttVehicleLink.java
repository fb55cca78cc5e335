package dev.ota.simulator.link;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.DirectorMetadataAnswered;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.contracts.mqtt.MqttTopics.Channel;
import dev.ota.simulator.fleet.VehicleCommand;
import dev.ota.simulator.fleet.VehicleLink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * A vehicle's own MQTT 5 session: client id = VIN, no clean start and a long session expiry, so commands sent while
 * it is away wait at the broker. With mutual TLS the session opens once the vehicle's certificate is issued; until
 * then (and for good, when the CA refused it) the vehicle is offline and keeps its reports. It subscribes to its command
 * topic and its director answer topic, publishes reports with QoS 1, and keeps reports made while offline until it is
 * back. Once connected and subscribed (and after every reconnect) it tells the vehicle, which asks the director on
 * {@code ota/v1/{vin}/director-request}; asks are not kept while offline. Commands it cannot read are dropped and logged (a vehicle does not
 * act on what it does not understand). With a certificate it renews it over MQTT before it runs out
 * ({@link CertificateRenewal}) and reconnects with the new one.
 */
final class MqttVehicleLink implements VehicleLink {

    private static final Logger log = LoggerFactory.getLogger(MqttVehicleLink.class);

    private final String vin;
    private volatile @Nullable Mqtt5AsyncClient client;
    private final MqttLinkProperties properties;
    private final VehicleLink.Listener listener;
    private volatile boolean subscribed;
    private final Queue<Pending> offlineReports = new ArrayDeque<>();
    private volatile boolean wantOnline = true;
    private volatile CompletableFuture<?> disconnecting = CompletableFuture.completedFuture(null);
    private volatile @Nullable CertificateRenewal renewal;

    private record Pending(Channel channel, byte[] payload) {}

    /**
     * @param identity the vehicle's key pair and certificate once issued; empty for a plain connection
     * @param renewBelow renew the certificate once less than this fraction of its validity remains
     */
    MqttVehicleLink(
            String vin,
            MqttLinkProperties properties,
            VehicleLink.Listener listener,
            CompletableFuture<Optional<VehicleIdentity>> identity,
            double renewBelow) {
        this.vin = vin;
        this.properties = properties;
        this.listener = listener;
        identity.whenComplete((issued, refused) -> {
            if (refused != null) {
                log.warn("{} has no certificate and stays offline: {}", vin, refused.getMessage());
            } else {
                issued.ifPresent(
                        first -> renewal = new CertificateRenewal(vin, first, renewBelow, () -> client, this::reopen));
                open(issued.map(VehicleIdentity::sslConfig));
            }
        });
    }

    /** Leaves the session of the old certificate and opens one with the renewed certificate (same session state). */
    private void reopen(VehicleIdentity renewed) {
        Mqtt5AsyncClient old = client;
        CompletableFuture<?> leaving = old != null && old.getState().isConnectedOrReconnect()
                ? old.disconnect()
                : CompletableFuture.completedFuture(null);
        leaving.whenComplete((done, failure) -> open(Optional.of(renewed.sslConfig())));
    }

    private void open(Optional<MqttClientSslConfig> sslConfig) {
        Mqtt5ClientBuilder builder = Mqtt5Client.builder()
                .identifier(vin)
                .serverHost(properties.host())
                .serverPort(properties.port())
                .automaticReconnect()
                .initialDelay(500, TimeUnit.MILLISECONDS)
                .maxDelay(30, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .addDisconnectedListener(context -> {
                    if (wantOnline) {
                        log.info(
                                "{} is not connected ({}); the client retries",
                                vin,
                                context.getCause().toString());
                    }
                })
                .addConnectedListener(context -> {
                    flushOfflineReports();
                    CertificateRenewal current = renewal;
                    if (current != null) {
                        current.connected();
                    }
                    if (subscribed) {
                        // a reconnect: the persistent session kept the subscriptions
                        listener.connected();
                    }
                });
        if (sslConfig.isPresent()) {
            builder = builder.sslConfig(sslConfig.get());
        }
        Mqtt5AsyncClient opened = builder.buildAsync();
        opened.publishes(MqttGlobalPublishFilter.ALL, this::receive);
        synchronized (offlineReports) {
            client = opened;
            if (!wantOnline) {
                return;
            }
        }
        connect(opened);
    }

    private void connect(Mqtt5AsyncClient client) {
        client.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(properties.sessionExpiry().toSeconds())
                .keepAlive((int) properties.keepAlive().toSeconds())
                .send()
                .thenCompose(ack -> client.subscribeWith()
                        .addSubscription()
                        .topicFilter(MqttTopics.command(vin))
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .applySubscription()
                        .addSubscription()
                        .topicFilter(MqttTopics.directorAnswer(vin))
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .applySubscription()
                        .send())
                .whenComplete((ack, failure) -> {
                    if (failure != null) {
                        // the disconnected listener already reported it at info
                        log.debug("{} could not connect yet: {}", vin, failure.toString());
                        return;
                    }
                    boolean first = !subscribed;
                    subscribed = true;
                    if (first) {
                        listener.connected();
                    }
                });
    }

    private void receive(Mqtt5Publish publish) {
        CertificateRenewal current = renewal;
        if (current != null && current.isAnswer(publish.getTopic().toString())) {
            current.answered(publish.getPayloadAsBytes());
            return;
        }
        if (publish.getTopic().toString().equals(MqttTopics.directorAnswer(vin))) {
            answered(publish.getPayloadAsBytes());
            return;
        }
        VehicleCommand command;
        try {
            command = EventCodec.mapper().readValue(publish.getPayloadAsBytes(), VehicleCommand.class);
        } catch (JacksonException unreadable) {
            log.warn("{} dropped an unreadable command: {}", vin, unreadable.getOriginalMessage());
            return;
        }
        try {
            listener.command(command);
        } catch (RuntimeException e) {
            log.error("{} failed on a command", vin, e);
        }
    }

    private void answered(byte[] payload) {
        DirectorMetadataAnswered answer;
        try {
            answer = EventCodec.decode(payload, DirectorMetadataAnswered.class);
        } catch (RuntimeException unreadable) {
            log.warn("{} dropped an unreadable director answer: {}", vin, unreadable.getMessage());
            return;
        }
        try {
            listener.directorAnswer(answer);
        } catch (RuntimeException e) {
            log.error("{} failed on a director answer", vin, e);
        }
    }

    @Override
    public void askDirector(long knownTargetsVersion) {
        Mqtt5AsyncClient current = client;
        if (!wantOnline || current == null || !current.getState().isConnected()) {
            return;
        }
        current.publishWith()
                .topic(MqttTopics.directorRequest(vin))
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(("{\"knownTargetsVersion\":" + knownTargetsVersion + "}").getBytes(StandardCharsets.US_ASCII))
                .send()
                .whenComplete((result, failure) -> {
                    if (failure != null) {
                        log.debug("{} could not ask the director: {}", vin, failure.toString());
                    }
                });
    }

    @Override
    public void publish(Channel channel, OtaEvent event) {
        byte[] payload = EventCodec.encode(event);
        Mqtt5AsyncClient current;
        synchronized (offlineReports) {
            current = client;
            if (!wantOnline || current == null || !current.getState().isConnected()) {
                offlineReports.add(new Pending(channel, payload));
                return;
            }
        }
        send(current, channel, payload);
    }

    private void send(Mqtt5AsyncClient client, Channel channel, byte[] payload) {
        client.publishWith()
                .topic(MqttTopics.topic(vin, channel))
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload)
                .send()
                .whenComplete((result, failure) -> {
                    if (failure != null) {
                        synchronized (offlineReports) {
                            offlineReports.add(new Pending(channel, payload));
                        }
                    }
                });
    }

    private void flushOfflineReports() {
        while (true) {
            Pending next;
            Mqtt5AsyncClient current;
            synchronized (offlineReports) {
                current = client;
                if (!wantOnline || current == null) {
                    return;
                }
                next = offlineReports.poll();
            }
            if (next == null) {
                return;
            }
            send(current, next.channel(), next.payload());
        }
    }

    @Override
    public boolean online() {
        Mqtt5AsyncClient current = client;
        return current != null && current.getState().isConnected();
    }

    @Override
    public void goOffline() {
        wantOnline = false;
        disconnect();
    }

    @Override
    public void goOnline() {
        Mqtt5AsyncClient current;
        synchronized (offlineReports) {
            wantOnline = true;
            current = client;
        }
        if (current != null) {
            // back online right after going offline: connect once the disconnect is through, or it is lost
            disconnecting.whenComplete((done, failure) -> {
                if (wantOnline && !current.getState().isConnectedOrReconnect()) {
                    connect(current);
                }
            });
        }
    }

    @Override
    public void close() {
        wantOnline = false;
        disconnect();
    }

    private void disconnect() {
        Mqtt5AsyncClient current = client;
        if (current != null && current.getState().isConnectedOrReconnect()) {
            disconnecting = current.disconnect();
        }
    }
}
