package dev.ota.gateway.mqtt;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One MQTT client per replica, shared by the uplink and downlink features; connected before Kafka consumers start. */
@Configuration(proxyBeanMethods = false)
class MqttConfiguration {

    /** Connects early: before the Kafka bindings (which start late) hand commands to it. */
    static final int CONNECT_PHASE = 0;

    @Bean(destroyMethod = "close")
    GatewayMqttClient gatewayMqttClient(MqttProperties properties, MeterRegistry meters) {
        GatewayMqttClient client = new GatewayMqttClient(properties);
        Gauge.builder("ota.gateway.mqtt.connected", client, c -> c.connected() ? 1 : 0)
                .description("1 while all of this replica's MQTT sessions are connected")
                .register(meters);
        Gauge.builder("ota.gateway.mqtt.sessions.connected", client, GatewayMqttClient::connectedSessions)
                .description("this replica's MQTT sessions that are connected")
                .register(meters);
        return client;
    }

    @Bean
    SmartLifecycle mqttSession(GatewayMqttClient client) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                client.connect();
                running = true;
            }

            @Override
            public void stop() {
                client.close();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return CONNECT_PHASE;
            }
        };
    }
}
