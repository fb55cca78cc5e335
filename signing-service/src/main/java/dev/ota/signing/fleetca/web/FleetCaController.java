package dev.ota.signing.fleetca.web;

import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.pki.FleetCa;
import dev.ota.signing.fleetca.BrokerReach;
import dev.ota.signing.fleetca.CertificateRevocations;
import dev.ota.signing.fleetca.RevocationList;
import dev.ota.signing.fleetca.VehicleProvisioning;
import java.math.BigInteger;
import java.security.Principal;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * The fleet CA over REST. Issuing is for whoever provisions vehicles (role {@value #PROVISIONER}: the factory line, or
 * the simulator acting for its vehicles; ADMIN too); it can only ever yield vehicle certificates (CN = VIN). Revoking
 * is for ADMIN and FLEET_OPS. The CRL and the CA certificate are public: both are signed, public data, and the brokers
 * fetch the CRL without a credential.
 */
@RestController
@RequestMapping("/api/v1/fleet-ca")
class FleetCaController {

    /** The role of machine clients that provision vehicles (the simulator's client {@code vehicle-simulator}). */
    static final String PROVISIONER = "VEHICLE_PROVISIONER";

    private static final String NO_REASON = "no reason given";

    /** The header a broker node names itself with when it fetches the CRL. */
    static final String BROKER_HEADER = "Ota-Broker";

    private final VehicleProvisioning provisioning;
    private final CertificateRevocations revocations;
    private final RevocationList crl;
    private final BrokerReach brokers;

    FleetCaController(
            VehicleProvisioning provisioning,
            CertificateRevocations revocations,
            RevocationList crl,
            BrokerReach brokers) {
        this.provisioning = provisioning;
        this.revocations = revocations;
        this.crl = crl;
        this.brokers = brokers;
    }

    /** CSRs (PEM), each with the vehicle's VIN as subject CN. */
    record IssueRequest(@Nullable List<String> csrs) {}

    /** One answer per CSR, in order: the certificate (PEM) or why it was refused. */
    record Issued(
            @Nullable String vin,
            @Nullable String serial,
            @Nullable String certificate,
            @Nullable String refused) {}

    /**
     * The CA certificate (PEM) completes every vehicle's chain. {@code audited} is always true: the issuance events are
     * committed with the certificates (kept for clients of the earlier API, where it could be false).
     */
    record IssueResponse(String caCertificate, List<Issued> certificates, boolean audited) {}

    /** Why a certificate is revoked (for the audit log); optional. */
    record RevocationRequest(@Nullable String reason) {}

    /**
     * What was revoked; {@code audited} as above. {@code brokers} of {@code brokersLive} broker nodes held the
     * revocation when the call answered (200 when all did, 202 when some had not confirmed it within the wait).
     */
    record Revoked(@Nullable String vin, List<String> serials, boolean audited, int brokers, int brokersLive) {}

    @PostMapping("/certificates")
    @PreAuthorize("hasAnyRole('" + PROVISIONER + "', 'ADMIN')")
    IssueResponse issue(@RequestBody IssueRequest request, Principal who) {
        if (request.csrs() == null) {
            throw new IllegalArgumentException("the body needs 'csrs': a list of PEM certificate requests");
        }
        List<Issued> issued = provisioning.issue(request.csrs(), who.getName()).stream()
                .map(outcome -> outcome.certificate() == null
                        ? new Issued(null, null, null, outcome.refused())
                        : new Issued(outcome.vin(), outcome.serial(), FleetCa.pem(outcome.certificate()), null))
                .toList();
        return new IssueResponse(FleetCa.pem(provisioning.caCertificate()), issued, true);
    }

    @PostMapping("/vehicles/{vin}/revocation")
    @PreAuthorize("hasAnyRole('ADMIN', 'FLEET_OPS')")
    ResponseEntity<?> revokeVehicle(
            @PathVariable String vin,
            @RequestBody(required = false) @Nullable RevocationRequest request,
            Principal who) {
        if (!MqttTopics.isVin(vin)) {
            return problem(HttpStatus.BAD_REQUEST, "not a VIN: " + vin);
        }
        List<String> serials = revocations.revokeVehicle(vin, who.getName(), reason(request));
        if (serials.isEmpty()) {
            return problem(HttpStatus.NOT_FOUND, "the fleet CA never issued a certificate to " + vin);
        }
        return revoked(vin, serials);
    }

    /** A certificate of a vehicle as listed: serial (hex), validity, who asked, and the revocation time if any. */
    record Listed(
            String serial,
            java.time.Instant notAfter,
            java.time.Instant issuedAt,
            String issuedBy,
            java.time.@Nullable Instant revokedAt) {}

    @GetMapping("/vehicles/{vin}/certificates")
    @PreAuthorize("hasAnyRole('ADMIN', 'FLEET_OPS', 'AUDITOR')")
    ResponseEntity<?> certificatesOf(@PathVariable String vin) {
        if (!MqttTopics.isVin(vin)) {
            return problem(HttpStatus.BAD_REQUEST, "not a VIN: " + vin);
        }
        return ResponseEntity.ok(revocations.certificatesOf(vin).stream()
                .map(l -> new Listed(
                        l.certificate().serial(),
                        l.certificate().notAfter(),
                        l.certificate().issuedAt(),
                        l.certificate().issuedBy(),
                        l.revokedAt()))
                .toList());
    }

    @PostMapping("/certificates/{serial}/revocation")
    @PreAuthorize("hasAnyRole('ADMIN', 'FLEET_OPS')")
    ResponseEntity<Revoked> revokeCertificate(
            @PathVariable String serial,
            @RequestBody(required = false) @Nullable RevocationRequest request,
            Principal who) {
        String normalized = new BigInteger(serial, 16).toString(16).toLowerCase(Locale.ROOT);
        revocations.revokeCertificate(normalized, who.getName(), reason(request));
        return revoked(revocations.vinOf(normalized), List.of(normalized));
    }

    /** Answers once the live broker nodes hold the revocation, or the wait is over (committed either way). */
    private ResponseEntity<Revoked> revoked(@Nullable String vin, List<String> serials) {
        BrokerReach.Reached reached = brokers.awaitCurrentRevocations();
        return ResponseEntity.status(reached.all() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(new Revoked(vin, serials, true, reached.brokers(), reached.of()));
    }

    /**
     * With an ETag: the brokers poll it every second, and an unchanged CRL costs them a 304. A broker node names itself
     * ({@value #BROKER_HEADER}) and is recorded as holding the current CRL, for {@link BrokerReach}, only when it asks
     * with that CRL's entity tag: a node sends a tag only for a CRL it verified and took, so being served the CRL is not
     * holding it (the node might be still verifying it, or refuse it). A node confirms a new CRL at once.
     */
    @GetMapping(value = "/crl", produces = "application/x-pem-file")
    @Nullable
    ResponseEntity<String> crl(
            WebRequest request, @RequestHeader(value = BROKER_HEADER, required = false) @Nullable String broker) {
        RevocationList.Tagged current = crl.tagged();
        if (broker != null && current.etag().equals(request.getHeader(HttpHeaders.IF_NONE_MATCH))) {
            brokers.fetched(broker, current.version());
        }
        if (request.checkNotModified(current.etag())) {
            return null;
        }
        return ResponseEntity.ok().eTag(current.etag()).body(current.pem());
    }

    @GetMapping(value = "/ca-certificate", produces = "application/x-pem-file")
    String caCertificate() {
        return FleetCa.pem(provisioning.caCertificate());
    }

    private static String reason(@Nullable RevocationRequest request) {
        return request == null || request.reason() == null || request.reason().isBlank()
                ? NO_REASON
                : request.reason().strip();
    }

    @ExceptionHandler({IllegalArgumentException.class})
    ResponseEntity<ProblemDetail> badRequest(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, @Nullable String detail) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
