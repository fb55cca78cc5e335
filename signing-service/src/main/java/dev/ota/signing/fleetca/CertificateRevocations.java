package dev.ota.signing.fleetca;

import dev.ota.contracts.events.VehicleCertificateRevoked;
import dev.ota.platform.outbox.Outbox;
import dev.ota.signing.fleetca.persistence.CertificateRecords;
import dev.ota.signing.fleetca.persistence.IssuedCertificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Revokes vehicle certificates: the revocation and its {@link VehicleCertificateRevoked} event (on
 * {@code ota.fleet.certificates}, key VIN) are written in one transaction, so no revocation escapes the audit log and
 * no event claims a revocation that did not happen. The CRL ({@link RevocationList}) lists it from the commit on.
 */
@Service
public class CertificateRevocations {

    private static final Logger log = LoggerFactory.getLogger(CertificateRevocations.class);

    private final CertificateRecords records;
    private final Outbox outbox;
    private final Clock clock = Clock.systemUTC();

    CertificateRevocations(CertificateRecords records, Outbox outbox) {
        this.records = records;
        this.outbox = outbox;
    }

    /**
     * Every certificate issued to the vehicle, those another replica issued a moment ago included (the vehicle's lock
     * orders this against issuances).
     *
     * @return the vehicle's serials, all revoked now; empty when the CA never issued one to it (nothing revoked)
     */
    @Transactional
    public List<String> revokeVehicle(String vin, String by, String reason) {
        records.lockForRevoking(vin);
        List<String> serials = records.serialsOf(vin);
        if (serials.isEmpty()) {
            return serials;
        }
        revoke(vin, serials, by, reason);
        log.info("{} revoked the certificates of {} ({}): {}", by, vin, reason, serials);
        return serials;
    }

    /** One serial, issued to a vehicle or not (a broker's server certificate). */
    @Transactional
    public void revokeCertificate(String serial, String by, String reason) {
        revoke(vinOf(serial), List.of(serial), by, reason);
        log.info("{} revoked certificate {} ({})", by, serial, reason);
    }

    /** Revokes and audits within the caller's transaction. */
    void revoke(@Nullable String vin, List<String> serials, String by, String reason) {
        Instant now = clock.instant();
        records.revoke(serials, vin, now, reason, by);
        outbox.publish(new VehicleCertificateRevoked(UUID.randomUUID(), now, vin, serials, reason, by));
    }

    /** Every certificate issued to the vehicle, oldest first, with its revocation. */
    public List<CertificateRecords.Listed> certificatesOf(String vin) {
        return records.certificatesOf(vin);
    }

    /** The VIN the CA issued the serial to, or null. */
    public @Nullable String vinOf(String serial) {
        return records.find(serial).map(IssuedCertificate::vin).orElse(null);
    }
}
