package dev.ota.signing.director;

import dev.ota.signing.keys.OnlineKeys;
import dev.ota.signing.keys.OnlineRole;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The director's signing: its three online keys (each counting what it signs) and when documents are renewed. */
@Configuration(proxyBeanMethods = false)
class DirectorConfiguration {

    @Bean
    DirectorDocuments directorDocuments(OnlineKeys keys, DirectorProperties properties, MeterRegistry meters) {
        return new DirectorDocuments(
                new CountedSigner(keys.signer(OnlineRole.DIRECTOR_TARGETS), "targets", meters),
                new CountedSigner(keys.signer(OnlineRole.DIRECTOR_SNAPSHOT), "snapshot", meters),
                new CountedSigner(keys.signer(OnlineRole.DIRECTOR_TIMESTAMP), "timestamp", meters),
                properties);
    }

    @Bean
    Freshness directorFreshness(DirectorProperties properties) {
        return new Freshness(properties);
    }
}
