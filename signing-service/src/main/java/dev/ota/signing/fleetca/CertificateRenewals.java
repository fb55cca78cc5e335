package dev.ota.signing.fleetca;

import dev.ota.contracts.events.VehicleCertificateAnswered;
import dev.ota.contracts.events.VehicleCertificateInUse;
import dev.ota.contracts.events.VehicleCertificateRequested;
import dev.ota.pki.FleetCa;
import dev.ota.pki.FleetCa.CertificateRequestRefused;
import dev.ota.platform.outbox.Outbox;
import dev.ota.signing.fleetca.persistence.CertificateRecords;
import dev.ota.signing.fleetca.persistence.RenewalRecords;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Renewal over MQTT, on the CA's side: a vehicle's CSR arrives from the gateway ({@link VehicleCertificateRequested})
 * and is answered with a {@link VehicleCertificateAnswered}, which the gateway publishes to the vehicle.
 *
 * <ul>
 *   <li><b>Who:</b> the CSR's CN must be the requesting VIN (the gateway checked it against the broker's identity
 *       stamp; checked again here), and the CSR must pass the CA's own policy.
 *   <li><b>How often:</b> at most one renewal per vehicle per {@code renewal-min-interval}, judged on the vehicle's
 *       locked {@code fleet_renewal} row, so every replica and every restart sees the same limit; a refusal says from
 *       when the next is allowed.
 *   <li><b>The old certificate:</b> every earlier, unrevoked certificate of the vehicle is replaced. It is revoked as
 *       soon as the broker reports the vehicle connected with the new one ({@link VehicleCertificateInUse}), or
 *       {@code replaced-grace} after the renewal at the latest ({@link ReplacedCertificates}), so a vehicle that never
 *       got its answer keeps working for that long and can ask again.
 * </ul>
 *
 * Runs inside the consumer's transaction: the certificate, its issuance event, the renewal row and the answer commit
 * together or not at all.
 */
@Service
class CertificateRenewals {

    private static final Logger log = LoggerFactory.getLogger(CertificateRenewals.class);

    /** A CSR is about 0.5 KB; anything much larger is not one. */
    static final int MAX_REQUEST_CHARS = 16 * 1024;

    private final VehicleProvisioning provisioning;
    private final CertificateRevocations revocations;
    private final CertificateRecords certificates;
    private final RenewalRecords renewals;
    private final FleetCaProperties properties;
    private final Outbox outbox;
    private final Clock clock;

    CertificateRenewals(
            VehicleProvisioning provisioning,
            CertificateRevocations revocations,
            CertificateRecords certificates,
            RenewalRecords renewals,
            FleetCaProperties properties,
            Outbox outbox) {
        this.provisioning = provisioning;
        this.revocations = revocations;
        this.certificates = certificates;
        this.renewals = renewals;
        this.properties = properties;
        this.outbox = outbox;
        this.clock = Clock.systemUTC();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    VehicleCertificateAnswered renew(VehicleCertificateRequested request) {
        VehicleCertificateAnswered answer = answer(request);
        outbox.publish(answer);
        if (answer.refused() != null) {
            log.warn("certificate renewal for {} refused: {}", request.vin(), answer.refused());
        }
        return answer;
    }

    private VehicleCertificateAnswered answer(VehicleCertificateRequested request) {
        String vin = request.vin();
        if (request.csr().length() > MAX_REQUEST_CHARS) {
            return refused(request, "a certificate request is at most " + MAX_REQUEST_CHARS + " characters", null);
        }
        Optional<String> requested;
        try {
            requested = FleetCa.commonName(FleetCa.parseRequest(request.csr()));
        } catch (CertificateRequestRefused refused) {
            return refused(request, provisioning.refused(refused.reason(), refused.getMessage()), null);
        }
        if (!requested.orElse("").equals(vin)) {
            return refused(
                    request,
                    provisioning.refused(
                            FleetCa.Refusal.NOT_THE_REQUESTER,
                            "the CSR's CN " + requested.orElse("(none)") + " is not the requesting vehicle " + vin),
                    null);
        }
        Instant now = clock.instant();
        Optional<Instant> last = renewals.lastRenewalLocked(vin);
        if (last.isPresent() && now.isBefore(last.get().plus(properties.renewalMinInterval()))) {
            Instant next = last.get().plus(properties.renewalMinInterval());
            return refused(request, "renewed at " + last.get() + "; the next renewal is allowed from " + next, next);
        }
        List<String> earlier = certificates.serialsOf(vin).stream()
                .filter(serial -> !certificates.isRevoked(serial))
                .toList();
        VehicleProvisioning.Outcome outcome =
                provisioning.issue(List.of(request.csr()), "vehicle:" + vin).getFirst();
        if (outcome.certificate() == null || outcome.serial() == null) {
            return refused(request, String.valueOf(outcome.refused()), null);
        }
        renewals.renewed(vin, now, outcome.serial(), earlier, now.plus(properties.replacedGrace()));
        return new VehicleCertificateAnswered(
                UUID.randomUUID(),
                now,
                vin,
                request.eventId(),
                outcome.serial(),
                FleetCa.pem(outcome.certificate()),
                FleetCa.pem(provisioning.caCertificate()),
                null,
                null);
    }

    /** The vehicle connected with a fresh certificate: if a renewal issued it, what it replaced is revoked now. */
    @Transactional(propagation = Propagation.MANDATORY)
    void inUse(VehicleCertificateInUse seen) {
        List<String> replaced = renewals.takeReplacedBy(seen.vin(), seen.serial());
        if (!replaced.isEmpty()) {
            revocations.revoke(seen.vin(), replaced, "fleet-ca", "replaced by renewal " + seen.serial() + ", in use");
            log.info("{} connected with its renewed certificate {}; revoked {}", seen.vin(), seen.serial(), replaced);
        }
    }

    private VehicleCertificateAnswered refused(
            VehicleCertificateRequested request, String reason, @Nullable Instant retryAfter) {
        return new VehicleCertificateAnswered(
                UUID.randomUUID(),
                clock.instant(),
                request.vin(),
                request.eventId(),
                null,
                null,
                null,
                reason,
                retryAfter);
    }
}
