package dev.ota.uptane.metadata;

import dev.ota.uptane.crypto.EncryptedKeyFile;
import dev.ota.uptane.crypto.Signer;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One key holder's signature over a metadata document, made with an encrypted key file on the holder's own machine:
 * the key ceremony signs roots and top-level targets this way, a release engineer signs a release candidate. The
 * private key never leaves the process that unlocks it.
 */
public final class OfflineSignature {

    /** The environment variable a non-interactive run takes the key file's passphrase from. */
    public static final String PASSPHRASE_VARIABLE = "OTA_KEY_PASSPHRASE";

    private OfflineSignature() {}

    /**
     * The passphrase: {@value #PASSPHRASE_VARIABLE} when set, else asked on the terminal.
     *
     * @throws IllegalArgumentException when neither is there (a CI job without the variable)
     */
    public static char[] passphrase(Map<String, String> environment, @Nullable Console console) {
        String fromEnvironment = environment.get(PASSPHRASE_VARIABLE);
        if (fromEnvironment != null) {
            return fromEnvironment.toCharArray();
        }
        if (console == null) {
            throw new IllegalArgumentException("set " + PASSPHRASE_VARIABLE + " or run on a terminal");
        }
        char[] typed = console.readPassword("key passphrase: ");
        if (typed == null) {
            throw new IllegalArgumentException("no passphrase given");
        }
        return typed;
    }

    /**
     * Unlocks an encrypted key file.
     *
     * @throws IllegalArgumentException for a wrong passphrase or a damaged file
     */
    public static Signer unlock(Path keyFile, char[] passphrase) throws IOException {
        return EncryptedKeyFile.decrypt(Files.readAllBytes(keyFile), passphrase);
    }

    /** The document with one more signature, by {@code signer}, over its canonical "signed" part. */
    public static String sign(byte[] document, Signer signer) {
        return SignedDocument.parse(document, body -> body)
                .withSignatureBy(signer)
                .toJson();
    }
}
