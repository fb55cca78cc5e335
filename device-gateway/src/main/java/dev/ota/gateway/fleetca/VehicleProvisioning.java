package dev.ota.gateway.fleetca;

import dev.ota.contracts.events.VehicleCertificateIssued;
import dev.ota.pki.FleetCa;
import dev.ota.pki.FleetCa.CertificateRequestRefused;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Issues vehicle certificates from a batch of CSRs, each on its own: a refused CSR (no proof of possession, CN not a
 * VIN) is answered with its reason and does not stop the others.
 *
 * <p>Every certificate is audited ({@link VehicleCertificateIssued} on {@code ota.fleet.certificates}, one per
 * certificate, keyed by VIN, so the audit log files it under the vehicle), in the order revocations use: the event is
 * held in the outbox once the certificate is signed and before the CA records it (see
 * {@link FleetCa#issueVehicle(org.bouncycastle.pkcs.PKCS10CertificationRequest, java.time.Duration,
 * java.util.function.Consumer)}); after the batch its events are sent together and the call waits for Kafka's
 * acknowledgement. The certificates are handed out either way (the vehicles exist and the events will follow: the
 * {@link AuditRelay} sends them again); {@link Batch#audited()} says whether the audit log has all of them yet. When an
 * event cannot be held (the outbox is not writable), that CSR is not issued.
 */
@Component
public class VehicleProvisioning {

    private static final Logger log = LoggerFactory.getLogger(VehicleProvisioning.class);

    /** One CSR's answer: the certificate, or why there is none. */
    public record Outcome(
            @Nullable String vin,
            @Nullable X509Certificate certificate,
            @Nullable String refused) {}

    /**
     * A batch's answers, in the order of its CSRs; {@code audited} is false when Kafka did not acknowledge every
     * issuance's event in time (they stay held and are sent again).
     */
    public record Batch(List<Outcome> outcomes, boolean audited) {}

    private final FleetCa ca;
    private final FleetCaProperties properties;
    private final AuditOutbox outbox;
    private final MeterRegistry meters;

    VehicleProvisioning(FleetCa ca, FleetCaProperties properties, AuditOutbox outbox, MeterRegistry meters) {
        this.ca = ca;
        this.properties = properties;
        this.outbox = outbox;
        this.meters = meters;
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    /**
     * @param by who asks (the caller's name from the token), for the audit log
     * @throws IllegalArgumentException when the batch is empty or larger than {@code max-batch}
     */
    public Batch issue(List<String> csrs, String by) {
        if (csrs.isEmpty() || csrs.size() > properties.maxBatch()) {
            throw new IllegalArgumentException(
                    "a batch carries 1 to " + properties.maxBatch() + " CSRs, got " + csrs.size());
        }
        List<AuditOutbox.Held> held = new ArrayList<>(csrs.size());
        List<Outcome> outcomes =
                csrs.stream().map(pem -> issueOne(pem, by, held)).toList();
        boolean audited = outbox.deliverAll(held);
        log.info("{} was issued {} vehicle certificates ({} refused)", by, held.size(), csrs.size() - held.size());
        return new Batch(outcomes, audited);
    }

    /**
     * A vehicle renews its own certificate: the CSR's CN must be the VIN the request came from (the caller has checked
     * that VIN against the broker's identity stamp). Issued and audited like any issuance, asked for by
     * {@code vehicle:<VIN>}.
     */
    public Batch renew(String vin, String pem) {
        String requested;
        try {
            requested = FleetCa.commonName(FleetCa.parseRequest(pem)).orElse("");
        } catch (CertificateRequestRefused refused) {
            return new Batch(
                    List.of(new Outcome(null, null, refusedFor(refused.reason(), refused.getMessage()))), true);
        }
        if (!requested.equals(vin)) {
            refusedFor(FleetCa.Refusal.NOT_THE_REQUESTER, "");
            return new Batch(
                    List.of(new Outcome(
                            null, null, "the CSR's CN " + requested + " is not the requesting vehicle " + vin)),
                    true);
        }
        return issue(List.of(pem), "vehicle:" + vin);
    }

    private Outcome issueOne(String pem, String by, List<AuditOutbox.Held> held) {
        try {
            X509Certificate certificate = ca.issueVehicle(
                    FleetCa.parseRequest(pem),
                    properties.vehicleValidity(),
                    signed -> held.add(outbox.hold(issued(signed, by))));
            return new Outcome(FleetCa.commonName(certificate).orElse(null), certificate, null);
        } catch (CertificateRequestRefused refused) {
            log.info("refused a CSR asked for by {}: {}", by, refused.getMessage());
            return new Outcome(null, null, refusedFor(refused.reason(), refused.getMessage()));
        }
    }

    /** Counts the refusal by reason ({@code ota_fleet_ca_refused_total}) and answers with its message. */
    private String refusedFor(FleetCa.Refusal reason, String message) {
        meters.counter("ota.fleet.ca.refused", "reason", reason.name().toLowerCase(java.util.Locale.ROOT))
                .increment();
        return message;
    }

    private static VehicleCertificateIssued issued(X509Certificate certificate, String by) {
        return new VehicleCertificateIssued(
                UUID.randomUUID(),
                Instant.now(),
                FleetCa.commonName(certificate).orElseThrow(),
                certificate.getSerialNumber().toString(16),
                certificate.getNotAfter().toInstant(),
                by);
    }
}
