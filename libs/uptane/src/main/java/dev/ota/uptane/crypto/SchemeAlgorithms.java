package dev.ota.uptane.crypto;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.jspecify.annotations.Nullable;

/** JCA algorithm names and parameters for each scheme. */
final class SchemeAlgorithms {

    /** RSASSA-PSS as securesystemslib signs it: SHA-256, MGF1 with SHA-256, salt as long as the digest. */
    static final PSSParameterSpec PSS_SHA256 = pssSha256(32);

    private SchemeAlgorithms() {}

    /** RSASSA-PSS with SHA-256 and MGF1-SHA-256 and the given salt length (verifiers take it from the signature). */
    static PSSParameterSpec pssSha256(int saltLength) {
        return new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, saltLength, 1);
    }

    static Signature signatureFor(Scheme scheme, @Nullable Provider provider) throws GeneralSecurityException {
        return switch (scheme) {
            case ECDSA_SHA2_NISTP256 ->
                provider == null
                        ? Signature.getInstance("SHA256withECDSA")
                        : Signature.getInstance("SHA256withECDSA", provider);
            case RSASSA_PSS_SHA256 -> {
                Signature s = provider == null
                        ? Signature.getInstance("RSASSA-PSS")
                        : Signature.getInstance("RSASSA-PSS", provider);
                s.setParameter(PSS_SHA256);
                yield s;
            }
            case ED25519 ->
                provider == null ? Signature.getInstance("Ed25519") : Signature.getInstance("Ed25519", provider);
        };
    }
}
