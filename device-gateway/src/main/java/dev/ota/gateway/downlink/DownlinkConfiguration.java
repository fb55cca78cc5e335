package dev.ota.gateway.downlink;

import dev.ota.contracts.events.OtaEvent;
import dev.ota.gateway.mqtt.GatewayMqttClient;
import dev.ota.platform.messaging.InboundEvents;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * One consumer, {@code vehicleCommands}, bound to both the assignment and the director metadata topic (both keyed by
 * VIN with the same partition count, so one replica sees a vehicle's assignment and its metadata). Malformed records
 * and events no vehicle could be addressed by go to the dead-letter topic; a vehicle receives nothing from them.
 */
@Configuration(proxyBeanMethods = false)
class DownlinkConfiguration {

    private static final int REMEMBERED_ASSIGNMENTS = 100_000;

    @Bean(destroyMethod = "stop")
    CommandPublisher commandPublisher(GatewayMqttClient mqtt, MeterRegistry meters) {
        return new CommandPublisher(mqtt, meters);
    }

    @Bean
    Consumer<Message<byte[]>> vehicleCommands(InboundEvents inbound, CommandPublisher publisher) {
        CommandTranslator translator = new CommandTranslator(new AssignedConditions(REMEMBERED_ASSIGNMENTS), publisher);
        return inbound.stateless(OtaEvent.class, translator::handle);
    }
}
