package dev.ota.simulator;

import dev.ota.simulator.link.CertificateAuthority;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The simulator's vehicles on the {@link SecuredBroker} (its TLS listener), provisioned by its in-process fleet CA in
 * place of device-gateway's REST API. Subclasses set {@code ota.mqtt.security=mutual-tls} and import
 * {@link InProcessFleetCa} (a nested configuration of a superclass is not picked up by itself).
 */
abstract class SecuredFleetTest {

    @DynamicPropertySource
    static void securedBroker(DynamicPropertyRegistry registry) {
        registry.add("ota.mqtt.port", () -> SecuredBroker.get().tlsPort());
    }

    @TestConfiguration
    static class InProcessFleetCa {

        @Bean
        @Primary
        CertificateAuthority inProcessFleetCa() {
            return SecuredBroker.inProcessCa();
        }
    }
}
