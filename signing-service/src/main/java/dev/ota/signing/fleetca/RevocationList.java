package dev.ota.signing.fleetca;

import dev.ota.pki.FleetCa;
import dev.ota.signing.fleetca.persistence.CertificateRecords;
import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The signed CRL, built from {@code fleet_revocation}. Signed again when a revocation was committed since (by any
 * replica: the latest revocation's number is read on every request, one indexed look-up) or when half of its validity
 * has passed, so a CRL handed out is never older than the last committed revocation and always has at least half of
 * {@code crl-validity} before its nextUpdate.
 */
@Service
public class RevocationList {

    private record Signed(long version, Instant thisUpdate, X509CRL crl, String pem) {}

    private final FleetCa ca;
    private final CertificateRecords records;
    private final Duration validity;
    private final Clock clock = Clock.systemUTC();
    private volatile @Nullable Signed current;

    RevocationList(FleetCa ca, CertificateRecords records, FleetCaProperties properties) {
        this.ca = ca;
        this.records = records;
        this.validity = properties.crlValidity();
    }

    /** The current CRL in PEM. */
    public String pem() {
        return signed().pem();
    }

    /** The current CRL in PEM with an entity tag that changes whenever the CRL does (for conditional requests). */
    public Tagged tagged() {
        Signed signed = signed();
        return new Tagged(
                signed.pem(),
                "\"" + signed.version() + "-" + signed.thisUpdate().toEpochMilli() + "\"",
                signed.version());
    }

    /** A CRL, its entity tag and the revocation version it lists everything up to. */
    public record Tagged(String pem, String etag, long version) {}

    public X509CRL crl() {
        return signed().crl();
    }

    private Signed signed() {
        long version = records.revocationVersion();
        Instant now = clock.instant();
        Signed signed = current;
        if (signed != null
                && signed.version() == version
                && now.isBefore(signed.thisUpdate().plus(validity.dividedBy(2)))) {
            return signed;
        }
        synchronized (this) {
            Map<BigInteger, Instant> revoked = new LinkedHashMap<>();
            records.revoked().forEach((serial, at) -> revoked.put(new BigInteger(serial, 16), at));
            X509CRL crl = ca.crl(revoked, now, validity);
            Signed fresh = new Signed(version, now, crl, FleetCa.pem(crl));
            current = fresh;
            return fresh;
        }
    }
}
