package dev.ota.gateway.presence;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import dev.ota.gateway.mqtt.GatewayMqttClient;
import dev.ota.pki.broker.ConnectedVehiclesReport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Subscribes (not shared: every replica sees every report) to the brokers' connected-vehicles reports and exports
 * their sum as {@code ota.gateway.broker.vehicles.connected}. Every replica exports the same figure: aggregate it with
 * {@code max}, not {@code sum}. The first session subscribes on every connect (at most once: a missed report is
 * replaced by the next).
 */
@Configuration(proxyBeanMethods = false)
class PresenceConfiguration {

    @Bean
    BrokerPresence brokerPresence(
            GatewayMqttClient mqtt,
            MeterRegistry meters,
            @Value("${ota.gateway.presence.report-max-age:PT35S}") Duration maxAge) {
        BrokerPresence[] self = new BrokerPresence[1];
        BrokerPresence presence = new BrokerPresence(
                maxAge,
                System::nanoTime,
                reason -> Gauge.builder("ota.gateway.broker.refused", () -> self[0].refused(reason))
                        .tag("reason", reason)
                        .description(
                                "clients and packets the MQTT brokers refused since they started, by reason (same on"
                                        + " every replica: aggregate with max)")
                        .register(meters));
        self[0] = presence;
        mqtt.receive(
                ConnectedVehiclesReport.TOPIC_FILTER,
                MqttQos.AT_MOST_ONCE,
                Runnable::run,
                publish -> presence.accept(publish.getTopic().toString(), publish.getPayloadAsBytes()));
        Gauge.builder("ota.gateway.broker.vehicles.connected", presence, BrokerPresence::connectedVehicles)
                .description("vehicles connected to the MQTT brokers, as the brokers report them (same on every"
                        + " replica: aggregate with max)")
                .register(meters);
        Gauge.builder("ota.gateway.broker.reporting", presence, BrokerPresence::brokers)
                .description("broker nodes whose connected-vehicles report is recent")
                .register(meters);
        return presence;
    }
}
