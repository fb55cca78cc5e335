package dev.ota.simulator.link;

import dev.ota.simulator.fleet.VehicleLink;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class LinkConfiguration {

    /**
     * Each vehicle's link; with mutual TLS (the default) it is provisioned first: its own key pair, a CSR, its
     * certificate from the fleet CA, then the session.
     */
    @Bean
    VehicleLink.Factory mqttVehicleLinks(
            MqttLinkProperties properties,
            VehicleProvisioning provisioning,
            ProvisioningProperties provisioningProperties) {
        double renewBelow = provisioningProperties.renewBelow();
        return switch (properties.security()) {
            case MUTUAL_TLS ->
                (vin, listener) -> new MqttVehicleLink(
                        vin, properties, listener, provisioning.provision(vin).thenApply(Optional::of), renewBelow);
            case PLAIN ->
                (vin, listener) -> new MqttVehicleLink(
                        vin, properties, listener, CompletableFuture.completedFuture(Optional.empty()), renewBelow);
        };
    }

    @Bean(destroyMethod = "close")
    VehicleProvisioning vehicleProvisioning(
            CertificateAuthority ca, ProvisioningProperties properties, MeterRegistry meters) {
        return new VehicleProvisioning(ca, properties, meters);
    }

    @Bean
    CertificateAuthority fleetCa(ProvisioningProperties properties) {
        return new FleetCaClient(properties);
    }
}
