package dev.ota.simulator.link;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the simulated vehicles connect.
 *
 * @param port the broker's mutual-TLS listener (8883), or its plain one with {@code security: plain}
 * @param sessionExpiry how long the broker keeps a vehicle's session (and queues its commands) while it is away
 * @param keepAlive MQTT keep-alive of each vehicle
 * @param security {@code mutual-tls} (the default): every vehicle is provisioned with its own certificate and
 *     connects with it. {@code plain}: no TLS, no certificate, for the simulator's own tests against a broker without
 *     the vehicle access extension; never for a platform (its broker refuses clients without a certificate)
 */
@ConfigurationProperties("ota.mqtt")
record MqttLinkProperties(
        @DefaultValue("127.0.0.1") String host,
        @DefaultValue("8883") int port,
        @DefaultValue("P7D") Duration sessionExpiry,
        @DefaultValue("PT60S") Duration keepAlive,
        @DefaultValue("mutual-tls") Security security) {

    enum Security {
        MUTUAL_TLS,
        PLAIN
    }
}
