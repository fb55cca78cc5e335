package dev.ota.gateway.mqtt;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway reaches the broker.
 *
 * @param clientId stable per replica, so its persistent session (and the messages queued for it) survives restarts
 * @param receiveMaximum QoS 1 messages the broker may have in flight to each session of this replica before it
 *     waits for acknowledgements: the gateway's back-pressure bound towards vehicles (times {@code sessions})
 * @param sessions MQTT sessions this replica opens in the shared subscription group (the first keeps
 *     {@code clientId}, the others get {@code clientId-2}, {@code clientId-3}, ...): vehicle messages are spread over
 *     them, so one connection's network thread and in-order acknowledgements do not limit the replica
 * @param sessionExpiry how long the broker keeps this replica's session while it is away
 * @param sharedSubscription true (the default): the sessions join the shared subscription group, so any number of
 *     replicas split the fleet. False: only the first session subscribes, with plain subscriptions, and receives every
 *     vehicle message; for exactly one replica, where it avoids the broker's shared-subscription queue (HiveMQ CE
 *     scans that whole queue on every acknowledgement, see docs/device-gateway.md)
 * @param tls mutual TLS towards the broker, absent for a plain loopback listener
 */
@ConfigurationProperties("ota.mqtt")
public record MqttProperties(
        @DefaultValue("127.0.0.1") String host,
        @DefaultValue("1883") int port,
        @DefaultValue("device-gateway") String clientId,
        @DefaultValue("1000") int receiveMaximum,
        @DefaultValue("2") int sessions,
        @DefaultValue("true") boolean sharedSubscription,
        @DefaultValue("PT1H") Duration sessionExpiry,
        @Nullable Tls tls) {

    public MqttProperties {
        if (receiveMaximum < 1 || receiveMaximum > 65_535) {
            throw new IllegalArgumentException("ota.mqtt.receive-maximum must be within 1..65535");
        }
        if (sessions < 1 || sessions > 64) {
            throw new IllegalArgumentException("ota.mqtt.sessions must be within 1..64");
        }
    }

    /** The client identifier of session {@code index} (0-based); the first is {@code clientId} itself. */
    public String sessionClientId(int index) {
        return index == 0 ? clientId : clientId + "-" + (index + 1);
    }

    /**
     * PKCS#12 key store with the gateway's client certificate, and the trust store holding the fleet CA that signed
     * the broker's certificate.
     */
    public record Tls(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {}
}
