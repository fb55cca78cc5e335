package dev.ota.signing.keys;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where online keys live ({@code ota.signing.keys.*}).
 *
 * @param dir directory of encrypted key files {@code <key name>.key}
 * @param passphrase passphrase of the key files (from the environment / a secret in production)
 * @param generateMissing create missing key files (development only: production keys come from a ceremony)
 * @param pkcs11 the PKCS#11 token, if any keys are held in one
 * @param suppliers names of supplier roles whose online key this service holds (file {@code <name>.key} or token
 *     label), e.g. {@code supplier-acme}: uploads under that supplier's delegated paths are signed into its role
 */
@ConfigurationProperties("ota.signing.keys")
public record KeyProperties(
        Path dir,
        String passphrase,
        @DefaultValue("false") boolean generateMissing,
        @Nullable Pkcs11 pkcs11,
        @DefaultValue List<String> suppliers) {

    /**
     * @param library the PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
     * @param slot slot id of the token (takes precedence over the index)
     * @param slotListIndex index of the token's slot
     * @param pin user PIN
     * @param keys key name to token label, for the keys the token holds (others come from files)
     * @param generateMissing generate missing labelled keys in the token (development and tests)
     */
    public record Pkcs11(
            String library,
            @Nullable Long slot,
            @DefaultValue("0") int slotListIndex,
            String pin,
            @DefaultValue Map<String, String> keys,
            @DefaultValue("false") boolean generateMissing) {}
}
