package dev.ota.gateway.fleetca;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The fleet CA this gateway serves ({@code ota.gateway.fleet-ca.*}).
 *
 * @param directory where the CA keeps its PKCS#12 key store, the serials it issued and its CRL (created there on
 *     first start); the broker reads the CRL file from the same directory
 * @param password protects the PKCS#12 key store
 * @param name the CA's subject CN when it is created
 * @param vehicleValidity how long a vehicle certificate is valid
 * @param maxBatch the most CSRs one request may carry
 * @param auditSendTimeout how long a revocation waits for Kafka to acknowledge its audit event before it answers that
 *     the event is not audited yet (it stays in the outbox and is sent again)
 * @param auditRetryInterval how often held audit events are sent again
 * @param renewalMinInterval the shortest time between two renewals of one vehicle over MQTT (per replica): a vehicle
 *     renews once in its certificate's last fifth, so a flood of requests means a broken or hostile one, and each
 *     request would otherwise cost a signature and an audit event
 */
@ConfigurationProperties("ota.gateway.fleet-ca")
public record FleetCaProperties(
        Path directory,
        String password,
        @DefaultValue("OTA Fleet CA") String name,
        @DefaultValue("P365D") Duration vehicleValidity,
        @DefaultValue("500") int maxBatch,
        @DefaultValue("PT10S") Duration auditSendTimeout,
        @DefaultValue("PT10S") Duration auditRetryInterval,
        @DefaultValue("PT1H") Duration renewalMinInterval) {

    public FleetCaProperties {
        if (password.isBlank()) {
            throw new IllegalArgumentException("ota.gateway.fleet-ca.password must be set");
        }
        if (auditRetryInterval.isNegative() || auditRetryInterval.isZero()) {
            throw new IllegalArgumentException("ota.gateway.fleet-ca.audit-retry-interval must be positive");
        }
        if (renewalMinInterval.isNegative()) {
            throw new IllegalArgumentException("ota.gateway.fleet-ca.renewal-min-interval must not be negative");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("ota.gateway.fleet-ca.max-batch must be at least 1");
        }
    }
}
