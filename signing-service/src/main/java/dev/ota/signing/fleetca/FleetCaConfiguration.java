package dev.ota.signing.fleetca;

import dev.ota.pki.FleetCa;
import dev.ota.pki.FleetCaKeyStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FleetCaConfiguration {

    /** The CA's key from its PKCS#12 file; created there only when {@code create-if-missing} allows it. */
    @Bean
    FleetCa fleetCa(FleetCaProperties properties) {
        return FleetCaKeyStore.loadOrCreate(
                properties.keyStore(),
                properties.password().toCharArray(),
                properties.name(),
                properties.caValidity(),
                properties.createIfMissing());
    }
}
