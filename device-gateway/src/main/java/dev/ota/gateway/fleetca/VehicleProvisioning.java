package dev.ota.gateway.fleetca;

import dev.ota.pki.FleetCa;
import dev.ota.pki.FleetCa.CertificateRequestRefused;
import java.security.cert.X509Certificate;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Issues vehicle certificates from a batch of CSRs, each on its own: a refused CSR (no proof of possession, CN not a
 * VIN) is answered with its reason and does not stop the others.
 */
@Component
public class VehicleProvisioning {

    /** One CSR's answer: the certificate, or why there is none. */
    public record Outcome(
            @Nullable String vin,
            @Nullable X509Certificate certificate,
            @Nullable String refused) {}

    private final FleetCa ca;
    private final FleetCaProperties properties;

    VehicleProvisioning(FleetCa ca, FleetCaProperties properties) {
        this.ca = ca;
        this.properties = properties;
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    /**
     * @throws IllegalArgumentException when the batch is empty or larger than {@code max-batch}
     */
    public List<Outcome> issue(List<String> csrs) {
        if (csrs.isEmpty() || csrs.size() > properties.maxBatch()) {
            throw new IllegalArgumentException(
                    "a batch carries 1 to " + properties.maxBatch() + " CSRs, got " + csrs.size());
        }
        return csrs.stream().map(this::issueOne).toList();
    }

    private Outcome issueOne(String pem) {
        try {
            X509Certificate certificate = ca.issueVehicle(FleetCa.parseRequest(pem), properties.vehicleValidity());
            return new Outcome(FleetCa.commonName(certificate).orElse(null), certificate, null);
        } catch (CertificateRequestRefused refused) {
            return new Outcome(null, null, refused.getMessage());
        }
    }
}
