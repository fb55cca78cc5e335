package dev.ota.gateway.uplink;

import dev.ota.gateway.mqtt.GatewayMqttClient;
import dev.ota.gateway.mqtt.MqttProperties;
import dev.ota.platform.messaging.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

@Configuration(proxyBeanMethods = false)
class UplinkConfiguration {

    @Bean
    UplinkBridge uplinkBridge(
            GatewayMqttClient mqtt,
            UplinkProperties properties,
            KafkaTemplate<String, byte[]> otaKafkaTemplate,
            DeadLetters deadLetters,
            RefusalAudit refusalAudit,
            UplinkMetrics uplinkMetrics,
            MqttProperties mqttProperties) {
        return new UplinkBridge(
                mqtt,
                new UplinkPolicy(properties),
                properties,
                otaKafkaTemplate,
                deadLetters,
                refusalAudit,
                uplinkMetrics,
                mqttProperties.sharedSubscription());
    }

    /** One budget per sender for the gateway's refusals and the brokers' alike. */
    @Bean
    RefusalAudit refusalAudit(UplinkProperties properties, KafkaTemplate<String, byte[]> otaKafkaTemplate) {
        return new RefusalAudit(
                otaKafkaTemplate,
                new RefusalBudget(properties.auditedRefusalsPerVehicle(), properties.auditWindow(), System::nanoTime),
                Clock.systemUTC());
    }

    @Bean
    VehicleRefusals vehicleRefusals(RefusalAudit refusalAudit, UplinkMetrics uplinkMetrics) {
        return new VehicleRefusals(refusalAudit, uplinkMetrics);
    }

    @Bean
    UplinkMetrics uplinkMetrics(MeterRegistry meters) {
        return new UplinkMetrics(meters);
    }

    @Bean
    BrokerRefusalRelay brokerRefusalRelay(GatewayMqttClient mqtt, RefusalAudit refusalAudit, UplinkMetrics metrics) {
        return new BrokerRefusalRelay(mqtt, refusalAudit, metrics);
    }
}
