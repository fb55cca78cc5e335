package dev.ota.gateway.fleetca;

import dev.ota.pki.FleetCa;
import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Revokes vehicle certificates. The CA rewrites its CRL file before a call returns; brokers read it again within their
 * refresh interval and refuse the certificate at the vehicle's next connect (a connection already open stays open).
 */
@Component
public class Revocations {

    private static final Logger log = LoggerFactory.getLogger(Revocations.class);

    private final FleetCa ca;

    Revocations(FleetCa ca) {
        this.ca = ca;
    }

    /** Every certificate issued to the vehicle; empty when the CA never issued one to it. */
    public List<BigInteger> revokeVehicle(String vin, String by) {
        List<BigInteger> serials = ca.revokeVehicle(vin);
        log.info(
                "{} revoked the certificates of {}: {}",
                by,
                vin,
                serials.stream().map(s -> s.toString(16)).toList());
        return serials;
    }

    public void revokeCertificate(BigInteger serial, String by) {
        ca.revoke(serial);
        log.info("{} revoked certificate {}", by, serial.toString(16));
    }

    public X509CRL crl() {
        return ca.crl();
    }
}
