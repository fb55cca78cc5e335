package dev.ota.gateway.renewal;

import dev.ota.pki.FleetCa;
import dev.ota.pki.FleetCa.CertificateRequestRefused;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whether a vehicle's CSR may go to the fleet CA: the broker stamped the connection's certificate VIN, that VIN is the
 * topic's, and the CSR's CN is the same VIN. A request without the stamp (a broker without the access extension) is
 * refused, whatever {@code require-broker-identity} says for reports: a certificate is worth more than a status
 * report. The CA checks the CSR again with its own policy; this check keeps one vehicle from asking for another's.
 */
final class RenewalRequestCheck {

    /** A CSR is about 0.5 KB; anything much larger is not one. */
    static final int MAX_REQUEST_BYTES = 16 * 1024;

    private RenewalRequestCheck() {}

    /** The CSR (PEM) to forward, or why not: exactly one is present. */
    record Verdict(@Nullable String csr, @Nullable String refused) {}

    static Verdict check(String topicVin, @Nullable String stampedVin, byte[] payload) {
        if (stampedVin == null) {
            return refused("no broker identity stamp: renewal needs the broker's access extension");
        }
        if (!stampedVin.equals(topicVin)) {
            return refused("the connection's certificate is " + stampedVin + "'s, not the requesting vehicle's");
        }
        if (payload.length > MAX_REQUEST_BYTES) {
            return refused("a certificate request is at most " + MAX_REQUEST_BYTES + " bytes");
        }
        String pem = new String(payload, StandardCharsets.US_ASCII);
        Optional<String> cn;
        try {
            cn = FleetCa.commonName(FleetCa.parseRequest(pem));
        } catch (CertificateRequestRefused e) {
            return refused(String.valueOf(e.getMessage()));
        }
        if (!cn.orElse("").equals(topicVin)) {
            return refused("the CSR's CN " + cn.orElse("(none)") + " is not the requesting vehicle " + topicVin);
        }
        return new Verdict(pem, null);
    }

    private static Verdict refused(String reason) {
        return new Verdict(null, reason);
    }
}
