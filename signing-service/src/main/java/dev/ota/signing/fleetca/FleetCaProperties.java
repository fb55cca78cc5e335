package dev.ota.signing.fleetca;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The fleet CA ({@code ota.signing.fleet-ca.*}).
 *
 * @param keyStore the CA's key and self-signed certificate (PKCS#12, alias {@code fleet-ca})
 * @param password protects the key store (from a secret in production)
 * @param createIfMissing create the key store on first start when it is missing (development only, like
 *     {@code ota.signing.keys.generate-missing}); otherwise a missing key store stops the service
 * @param name the CA's subject CN when it is created
 * @param caValidity how long a created CA certificate is valid
 * @param vehicleValidity how long a vehicle certificate is valid
 * @param maxBatch the most CSRs one request may carry
 * @param crlValidity a CRL's nextUpdate after its thisUpdate; it is signed again once half of it has passed
 * @param renewalMinInterval the shortest time between two renewals of one vehicle over MQTT, for every replica
 * @param replacedGrace how long a certificate replaced by a renewal stays valid at most, when the vehicle is not seen
 *     with the new one before
 * @param brokerWait how long a revoking call waits for the live broker nodes to hold the revocation
 * @param brokerSeenWithin a broker node that fetched the CRL within this is live (waited for)
 */
@ConfigurationProperties("ota.signing.fleet-ca")
public record FleetCaProperties(
        Path keyStore,
        String password,
        @DefaultValue("false") boolean createIfMissing,
        @DefaultValue("OTA Fleet CA") String name,
        @DefaultValue("P3650D") Duration caValidity,
        @DefaultValue("P365D") Duration vehicleValidity,
        @DefaultValue("500") int maxBatch,
        @DefaultValue("P1D") Duration crlValidity,
        @DefaultValue("PT1H") Duration renewalMinInterval,
        @DefaultValue("P1D") Duration replacedGrace,
        @DefaultValue("PT3S") Duration brokerWait,
        @DefaultValue("PT10S") Duration brokerSeenWithin) {

    public FleetCaProperties {
        if (password.isBlank()) {
            throw new IllegalArgumentException("ota.signing.fleet-ca.password must be set");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("ota.signing.fleet-ca.max-batch must be at least 1");
        }
        if (renewalMinInterval.isNegative() || replacedGrace.isNegative()) {
            throw new IllegalArgumentException("ota.signing.fleet-ca intervals must not be negative");
        }
        if (crlValidity.compareTo(Duration.ofMinutes(2)) < 0) {
            throw new IllegalArgumentException("ota.signing.fleet-ca.crl-validity must be at least two minutes");
        }
    }
}
