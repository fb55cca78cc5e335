package dev.ota.cli.release;

import dev.ota.cli.CliFailure;
import dev.ota.uptane.crypto.JcaSigner;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import javax.security.auth.login.LoginException;
import org.jspecify.annotations.Nullable;

/**
 * The release engineer's key in a PKCS#11 token (a smart card, a USB key, an HSM; SoftHSM2 in the tests), through the
 * JDK's SunPKCS11 provider: the candidate is signed inside the token and the private key never reaches this process.
 *
 * <p>SunPKCS11 picks a token by slot only (its configuration knows no token label), and its key store lists a private
 * key only when a certificate is stored under the same label, as {@code keytool -genkeypair} and most enrolment tools
 * do. The public key of that certificate is the key the release role names.
 */
final class Pkcs11KeySigner {

    private Pkcs11KeySigner() {}

    /**
     * @param slot the slot id; null for the first slot with a token
     */
    static Signer open(Path library, @Nullable Long slot, String keyLabel, char[] pin) {
        if (!Files.isRegularFile(library)) {
            throw CliFailure.usage("no PKCS#11 library at " + library);
        }
        Provider provider = configure(library, slot);
        KeyStore token;
        try {
            token = KeyStore.getInstance("PKCS11", provider);
            token.load(null, pin);
        } catch (IOException e) {
            if (refusedLogin(e)) {
                throw CliFailure.failed("the PKCS#11 token refused the PIN");
            }
            throw CliFailure.failed("cannot open the PKCS#11 token: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw CliFailure.failed("cannot open the PKCS#11 token: " + e.getMessage());
        }
        try {
            Key key = token.getKey(keyLabel, null);
            Certificate certificate = token.getCertificate(keyLabel);
            if (!(key instanceof PrivateKey privateKey) || certificate == null) {
                throw CliFailure.failed("no private key labelled " + keyLabel
                        + " with a certificate in the PKCS#11 token (SunPKCS11 lists only keys with one)");
            }
            return new JcaSigner(schemeOf(privateKey), privateKey, certificate.getPublicKey(), provider);
        } catch (GeneralSecurityException e) {
            throw CliFailure.failed("cannot use key " + keyLabel + " of the PKCS#11 token: " + e.getMessage());
        }
    }

    /** SunPKCS11 wraps the token's refusal (CKR_PIN_INCORRECT, CKR_PIN_LEN_RANGE) in a login exception. */
    private static boolean refusedLogin(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof LoginException
                    || String.valueOf(cause.getMessage()).contains("CKR_PIN_")) {
                return true;
            }
        }
        return false;
    }

    private static Scheme schemeOf(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> Scheme.ECDSA_SHA2_NISTP256;
            case "RSA" -> Scheme.RSASSA_PSS_SHA256;
            default ->
                throw CliFailure.failed(
                        "the token's key is " + key.getAlgorithm() + "; a release key is EC P-256 or" + " RSA");
        };
    }

    /** SunPKCS11 reads its configuration from a file only; it is written, read and removed here. */
    private static Provider configure(Path library, @Nullable Long slot) {
        Path config = null;
        try {
            config = Files.createTempFile("ota-pkcs11-", ".cfg");
            Files.writeString(
                    config,
                    "name = ota-release\nlibrary = " + library.toAbsolutePath() + "\n"
                            + (slot != null ? "slot = " + slot : "slotListIndex = 0") + "\n");
            Provider unconfigured = Security.getProvider("SunPKCS11");
            if (unconfigured == null) {
                throw CliFailure.failed("this Java runtime has no SunPKCS11 provider");
            }
            return unconfigured.configure(config.toString());
        } catch (IOException e) {
            throw CliFailure.failed("cannot configure PKCS#11: " + e.getMessage());
        } catch (java.security.ProviderException | IllegalArgumentException e) {
            throw CliFailure.failed("cannot load the PKCS#11 library " + library + ": " + e.getMessage());
        } finally {
            if (config != null) {
                try {
                    Files.deleteIfExists(config);
                } catch (IOException ignored) {
                    // a temporary file naming the library and slot only
                }
            }
        }
    }
}
