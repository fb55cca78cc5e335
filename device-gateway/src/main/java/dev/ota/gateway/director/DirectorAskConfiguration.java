package dev.ota.gateway.director;

import dev.ota.contracts.events.DirectorMetadataAnswered;
import dev.ota.gateway.mqtt.GatewayMqttClient;
import dev.ota.gateway.uplink.VehicleRefusals;
import dev.ota.platform.messaging.InboundEvents;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.messaging.Message;

/**
 * The ask relay, and the consumer {@code directorAnswers} (binding {@code directorAnswers-in-0} on
 * {@code ota.director.answers}) that publishes each answer to its vehicle.
 */
@Configuration(proxyBeanMethods = false)
class DirectorAskConfiguration {

    @Bean
    AskAllowance askAllowance(DirectorAskProperties properties) {
        return new AskAllowance(properties.askBurst(), properties.askInterval(), System::nanoTime);
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService askAllowanceSweep(AskAllowance allowance, DirectorAskProperties properties) {
        ScheduledExecutorService sweep = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("director-ask-allowance").daemon(true).factory());
        long every = Math.max(1, properties.askInterval().toSeconds());
        sweep.scheduleWithFixedDelay(allowance::forgetIdle, every, every, TimeUnit.SECONDS);
        return sweep;
    }

    @Bean(destroyMethod = "close")
    DirectorAskRelay directorAskRelay(
            GatewayMqttClient mqtt,
            KafkaTemplate<String, byte[]> otaKafkaTemplate,
            AskAllowance allowance,
            DirectorAskProperties properties,
            VehicleRefusals refusals,
            MeterRegistry meters) {
        return new DirectorAskRelay(
                mqtt, otaKafkaTemplate, new DirectorAskCheck(properties.maxAskBytes()), allowance, refusals, meters);
    }

    @Bean
    Consumer<Message<byte[]>> directorAnswers(
            InboundEvents inbound, GatewayMqttClient mqtt, DirectorAskProperties properties, MeterRegistry meters) {
        DirectorAnswerPublisher publisher = new DirectorAnswerPublisher(mqtt, properties.answerExpiry(), meters);
        return inbound.stateless(DirectorMetadataAnswered.class, publisher::publish);
    }
}
