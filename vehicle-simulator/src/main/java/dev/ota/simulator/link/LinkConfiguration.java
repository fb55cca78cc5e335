package dev.ota.simulator.link;

import dev.ota.simulator.fleet.VehicleLink;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class LinkConfiguration {

    @Bean
    VehicleLink.Factory mqttVehicleLinks(MqttLinkProperties properties) {
        return (vin, commands) -> new MqttVehicleLink(vin, properties, commands);
    }
}
