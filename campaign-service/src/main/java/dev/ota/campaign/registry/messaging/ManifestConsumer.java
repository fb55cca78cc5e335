package dev.ota.campaign.registry.messaging;

import dev.ota.campaign.registry.VehicleRegistry;
import dev.ota.contracts.events.ManifestReported;
import dev.ota.platform.messaging.InboundEvents;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Applies vehicle manifests from ota.vehicle.reports to the registry (binding {@code manifests-in-0}, its own consumer
 * group, so the rollout's reading of the same topic is independent). This is where vehicle evidence is verified, once,
 * against the ECU key inventory; what is refused is dead-lettered with its reason and recorded as {@code
 * ManifestRefused}, what passes is published as {@code ManifestVerified} for every other service.
 */
@Configuration(proxyBeanMethods = false)
class ManifestConsumer {

    @Bean
    Consumer<Message<byte[]>> manifests(InboundEvents inbound, VehicleRegistry registry) {
        return inbound.idempotent("campaign-manifests", ManifestReported.class, registry::applyManifest);
    }
}
