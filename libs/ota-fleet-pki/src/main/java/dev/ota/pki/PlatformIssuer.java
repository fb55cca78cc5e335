package dev.ota.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The issuer of platform client certificates (gateway replicas, and any other platform component that talks to the
 * broker): a CA of its own, apart from the fleet CA, so that nothing a vehicle can ask the fleet CA for is ever a
 * platform identity. The broker trusts both, and tells a platform client by the issuer its certificate chains to
 * (signature check against this issuer's key), never by a field of the certificate a requester could choose.
 *
 * <p>It has no files and no API: the operator's key-material command (and the local launcher) creates one, issues the
 * platform certificates it needs, hands the broker its certificate, and lets the private key go with the process. A
 * new platform certificate means a new issuer and a broker trust store to match.
 */
public final class PlatformIssuer {

    /** Subject OU written into platform certificates, for people reading them; the broker does not rely on it. */
    public static final String PLATFORM_UNIT = "platform";

    private final KeyPair keys;
    private final X509Certificate certificate;

    private PlatformIssuer(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    public static PlatformIssuer create(String name, Duration validity) {
        KeyPair keys = FleetCa.generateKeyPair();
        return new PlatformIssuer(keys, FleetCa.selfSignedCa("CN=" + name + ",O=OTA Platform", keys, validity));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** A platform client certificate {@code CN=<component>,OU=platform} over {@code key}. */
    public X509Certificate issue(String component, PublicKey key, Duration validity) {
        return FleetCa.clientCertificate(
                certificate,
                keys,
                new X500NameBuilder(BCStyle.INSTANCE)
                        .addRDN(BCStyle.CN, component)
                        .addRDN(BCStyle.OU, PLATFORM_UNIT)
                        .build(),
                key,
                validity,
                FleetCa.serial());
    }

    /** Whether {@code candidate} was signed by {@code issuer}'s key (the whole test of a platform identity). */
    public static boolean signedBy(X509Certificate candidate, X509Certificate issuer) {
        return signedBy(candidate, issuer.getPublicKey());
    }

    static boolean signedBy(X509Certificate candidate, PublicKey issuerKey) {
        try {
            candidate.verify(issuerKey);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
