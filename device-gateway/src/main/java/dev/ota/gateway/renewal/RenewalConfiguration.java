package dev.ota.gateway.renewal;

import dev.ota.contracts.events.VehicleCertificateAnswered;
import dev.ota.gateway.mqtt.GatewayMqttClient;
import dev.ota.gateway.uplink.VehicleRefusals;
import dev.ota.platform.messaging.InboundEvents;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.messaging.Message;

/**
 * The renewal relay and its consumer {@code certificateAnswers} (binding {@code certificateAnswers-in-0} on
 * {@code ota.fleet.certificate-answers}): each answer is published to its vehicle, and the Kafka offset is committed
 * only after the broker acknowledged it.
 */
@Configuration(proxyBeanMethods = false)
class RenewalConfiguration {

    @Bean
    RenewalRelay renewalRelay(
            GatewayMqttClient mqtt, KafkaTemplate<String, byte[]> otaKafkaTemplate, VehicleRefusals refusals) {
        return new RenewalRelay(mqtt, otaKafkaTemplate, refusals);
    }

    @Bean
    Consumer<Message<byte[]>> certificateAnswers(InboundEvents inbound, RenewalRelay relay) {
        return inbound.stateless(VehicleCertificateAnswered.class, answer -> relay.answer(RenewalAnswer.of(answer)));
    }
}
