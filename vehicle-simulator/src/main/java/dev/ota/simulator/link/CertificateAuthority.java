package dev.ota.simulator.link;

import java.security.cert.X509Certificate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where the vehicles' certificate signing requests go: the fleet CA, which device-gateway serves over REST
 * ({@link FleetCaClient}). Tests may put an in-process CA in its place.
 */
public interface CertificateAuthority {

    /** The CA's answer to one CSR: the vehicle's certificate, or why it refused. */
    record Answer(
            @Nullable X509Certificate certificate, @Nullable String refused) {}

    /**
     * @param caCertificate the fleet CA, which completes the vehicle's chain and is its trust anchor for the broker
     * @param answers one per CSR, in order
     */
    record Batch(X509Certificate caCertificate, List<Answer> answers) {}

    /**
     * Issues certificates for a batch of PEM CSRs.
     *
     * @throws RuntimeException when the CA cannot be reached or refuses the whole batch (the caller retries)
     */
    Batch issue(List<String> csrs);
}
