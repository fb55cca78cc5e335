package dev.ota.simulator.link;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the simulated vehicles connect.
 *
 * @param sessionExpiry how long the broker keeps a vehicle's session (and queues its commands) while it is away
 * @param keepAlive MQTT keep-alive of each vehicle
 */
@ConfigurationProperties("ota.mqtt")
record MqttLinkProperties(
        @DefaultValue("127.0.0.1") String host,
        @DefaultValue("1883") int port,
        @DefaultValue("P7D") Duration sessionExpiry,
        @DefaultValue("PT60S") Duration keepAlive) {}
