package dev.ota.gateway.fleetca;

import dev.ota.contracts.events.VehicleCertificateRevoked;
import dev.ota.pki.FleetCa;
import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Revokes vehicle certificates and gets each revocation into the audit log ({@link VehicleCertificateRevoked} on
 * {@code ota.fleet.certificates}). The CA rewrites its CRL file before a call returns; brokers read it again within
 * their refresh interval and refuse the certificate at the vehicle's next connect (a connection already open stays
 * open).
 *
 * <p>Order, so that no revocation escapes the audit log: the event is held in the outbox (a synced file beside the
 * CA's files), then the CA revokes, then the event is sent and the call waits for Kafka's acknowledgement. When Kafka
 * does not acknowledge in time the revocation stands (refusing it for an outage would keep a stolen car connected)
 * and the caller is told it is not audited yet; the {@link AuditRelay} sends the held event again until Kafka takes it.
 */
@Component
public class Revocations {

    private static final Logger log = LoggerFactory.getLogger(Revocations.class);

    /** What a revocation did: the serials revoked, and whether the audit log has it yet. */
    public record Outcome(List<BigInteger> serials, boolean audited) {}

    private final FleetCa ca;
    private final AuditOutbox outbox;

    Revocations(FleetCa ca, AuditOutbox outbox) {
        this.ca = ca;
        this.outbox = outbox;
    }

    /**
     * Every certificate issued to the vehicle.
     *
     * @return empty serials when the CA never issued one to it (nothing revoked, nothing audited)
     */
    public Outcome revokeVehicle(String vin, String by, String reason) {
        // held under the CA's lock with exactly the serials the CA revokes, those another replica just issued included
        List<AuditOutbox.Held> held = new ArrayList<>(1);
        List<BigInteger> serials =
                ca.revokeVehicle(vin, found -> held.add(outbox.hold(revoked(vin, found, by, reason))));
        if (serials.isEmpty()) {
            return new Outcome(serials, false);
        }
        boolean audited = outbox.deliver(held.getFirst());
        log.info(
                "{} revoked the certificates of {} ({}): {}",
                by,
                vin,
                reason,
                serials.stream().map(s -> s.toString(16)).toList());
        return new Outcome(serials, audited);
    }

    public Outcome revokeCertificate(BigInteger serial, String by, String reason) {
        AuditOutbox.Held held = outbox.hold(revoked(ca.vinOf(serial).orElse(null), List.of(serial), by, reason));
        ca.revoke(serial);
        boolean audited = outbox.deliver(held);
        log.info("{} revoked certificate {} ({})", by, serial.toString(16), reason);
        return new Outcome(List.of(serial), audited);
    }

    /** The VIN the CA issued the serial to, or null. */
    public @Nullable String vinOf(BigInteger serial) {
        return ca.vinOf(serial).orElse(null);
    }

    public X509CRL crl() {
        return ca.crl();
    }

    private static VehicleCertificateRevoked revoked(
            @Nullable String vin, List<BigInteger> serials, String by, String reason) {
        return new VehicleCertificateRevoked(
                UUID.randomUUID(),
                Instant.now(),
                vin,
                serials.stream().map(s -> s.toString(16)).toList(),
                reason,
                by);
    }
}
