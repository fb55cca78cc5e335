package dev.ota.gateway.fleetca;

import dev.ota.pki.FleetCa;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FleetCaConfiguration {

    /** The CA certificate itself is valid for 10 years; vehicle certificates for {@code vehicle-validity}. */
    @Bean
    FleetCa fleetCa(FleetCaProperties properties) {
        return FleetCa.loadOrCreate(
                properties.directory(), properties.password().toCharArray(), properties.name(), Duration.ofDays(3650));
    }

    /** Beside the CA's files, as durable as they are; shared by issuance, revocation and the relay. */
    @Bean
    AuditOutbox fleetCaAuditOutbox(FleetCaProperties properties, Producer<String, byte[]> otaKafkaProducer) {
        return new AuditOutbox(
                properties.directory().resolve("audit-outbox"), otaKafkaProducer, properties.auditSendTimeout());
    }
}
