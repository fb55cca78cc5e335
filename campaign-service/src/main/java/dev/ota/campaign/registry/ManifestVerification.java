package dev.ota.campaign.registry;

import dev.ota.uptane.manifest.ManifestVerifier;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The manifest verifier with the platform's tolerances: a manifest or ECU report signed longer ago than {@code
 * ota.registry.manifest-max-age} (default 7 days: a vehicle signs a fresh one on every connect) or further ahead of
 * this service's clock than {@code ota.registry.manifest-clock-skew} (default 5 minutes) is refused.
 */
@Configuration(proxyBeanMethods = false)
class ManifestVerification {

    @Bean
    ManifestVerifier manifestVerifier(
            Clock clock,
            @Value("${ota.registry.manifest-max-age:7d}") Duration maxAge,
            @Value("${ota.registry.manifest-clock-skew:5m}") Duration skew) {
        return new ManifestVerifier(clock, maxAge, skew);
    }
}
