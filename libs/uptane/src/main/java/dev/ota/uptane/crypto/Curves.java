package dev.ota.uptane.crypto;

import dev.ota.uptane.json.MalformedMetadataException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;

/** The elliptic curves the schemes name, and the check that a key is on its scheme's curve. */
final class Curves {

    private static final ECParameterSpec P256 = spec("secp256r1");

    private Curves() {}

    /** {@code ecdsa-sha2-nistp256} means NIST P-256: a key on any other curve is not a key of that scheme. */
    static void requireP256(PublicKey key) {
        if (!(key instanceof ECPublicKey ec) || !sameCurve(ec.getParams(), P256)) {
            throw new MalformedMetadataException("an ecdsa-sha2-nistp256 key must be on the NIST P-256 curve");
        }
    }

    private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
        return a.getCurve().equals(b.getCurve())
                && a.getGenerator().equals(b.getGenerator())
                && a.getOrder().equals(b.getOrder())
                && a.getCofactor() == b.getCofactor();
    }

    private static ECParameterSpec spec(String curve) {
        try {
            var parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(curve));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(curve + " missing from the JDK", e);
        }
    }
}
