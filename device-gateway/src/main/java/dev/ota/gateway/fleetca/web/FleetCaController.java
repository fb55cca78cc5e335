package dev.ota.gateway.fleetca.web;

import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.gateway.fleetca.Revocations;
import dev.ota.gateway.fleetca.VehicleProvisioning;
import dev.ota.pki.FleetCa;
import java.math.BigInteger;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.List;
import org.jspecify.annotations.Nullable;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The fleet CA over REST. Issuing is for whoever provisions vehicles (role {@value #PROVISIONER}: the factory line, or
 * the simulator acting for its vehicles; ADMIN too); it can only ever yield vehicle certificates (CN = VIN), never a
 * platform one. Revoking is for ADMIN and FLEET_OPS. The CA and CRL are readable by any authenticated caller.
 */
@RestController
@RequestMapping("/api/v1/fleet-ca")
class FleetCaController {

    /** The role of machine clients that provision vehicles (the simulator's client {@code vehicle-simulator}). */
    static final String PROVISIONER = "VEHICLE_PROVISIONER";

    private final VehicleProvisioning provisioning;
    private final Revocations revocations;

    FleetCaController(VehicleProvisioning provisioning, Revocations revocations) {
        this.provisioning = provisioning;
        this.revocations = revocations;
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
     * The CA certificate (PEM) completes every vehicle's chain and is the trust anchor for the broker's. {@code audited}
     * is false when Kafka did not acknowledge every issuance's audit event in time: the certificates are issued all the
     * same (status 200) and the events are sent again until Kafka takes them.
     */
    record IssueResponse(String caCertificate, List<Issued> certificates, boolean audited) {}

    /** Why a certificate is revoked (for the audit log); optional. */
    record RevocationRequest(@Nullable String reason) {}

    /**
     * What was revoked. {@code audited} is false when Kafka did not acknowledge the audit event in time: the
     * revocation stands and the event is sent again until it is (the answer is then 202 instead of 200).
     */
    record Revoked(@Nullable String vin, List<String> serials, boolean audited) {}

    private static final String NO_REASON = "no reason given";

    @PostMapping("/certificates")
    @PreAuthorize("hasAnyRole('" + PROVISIONER + "', 'ADMIN')")
    IssueResponse issue(@RequestBody IssueRequest request, Principal who) {
        if (request.csrs() == null) {
            throw new IllegalArgumentException("the body needs 'csrs': a list of PEM certificate requests");
        }
        VehicleProvisioning.Batch batch = provisioning.issue(request.csrs(), who.getName());
        List<Issued> issued = batch.outcomes().stream()
                .map(outcome -> {
                    X509Certificate certificate = outcome.certificate();
                    return certificate == null
                            ? new Issued(null, null, null, outcome.refused())
                            : new Issued(
                                    outcome.vin(),
                                    certificate.getSerialNumber().toString(16),
                                    FleetCa.pem(certificate),
                                    null);
                })
                .toList();
        return new IssueResponse(FleetCa.pem(provisioning.caCertificate()), issued, batch.audited());
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
        Revocations.Outcome outcome = revocations.revokeVehicle(vin, who.getName(), reason(request));
        if (outcome.serials().isEmpty()) {
            return problem(HttpStatus.NOT_FOUND, "the fleet CA never issued a certificate to " + vin);
        }
        return revoked(vin, outcome);
    }

    @PostMapping("/certificates/{serial}/revocation")
    @PreAuthorize("hasAnyRole('ADMIN', 'FLEET_OPS')")
    ResponseEntity<Revoked> revokeCertificate(
            @PathVariable String serial,
            @RequestBody(required = false) @Nullable RevocationRequest request,
            Principal who) {
        BigInteger number = new BigInteger(serial, 16);
        Revocations.Outcome outcome = revocations.revokeCertificate(number, who.getName(), reason(request));
        return revoked(revocations.vinOf(number), outcome);
    }

    private static ResponseEntity<Revoked> revoked(@Nullable String vin, Revocations.Outcome outcome) {
        return ResponseEntity.status(outcome.audited() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(new Revoked(
                        vin, outcome.serials().stream().map(s -> s.toString(16)).toList(), outcome.audited()));
    }

    private static String reason(@Nullable RevocationRequest request) {
        return request == null || request.reason() == null || request.reason().isBlank()
                ? NO_REASON
                : request.reason().strip();
    }

    @GetMapping(value = "/crl", produces = "application/x-pem-file")
    String crl() {
        return FleetCa.pem(revocations.crl());
    }

    @GetMapping(value = "/ca-certificate", produces = "application/x-pem-file")
    String caCertificate() {
        return FleetCa.pem(provisioning.caCertificate());
    }

    @ExceptionHandler({IllegalArgumentException.class, NumberFormatException.class})
    ResponseEntity<ProblemDetail> badRequest(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, @Nullable String detail) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
