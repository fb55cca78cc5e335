package dev.ota.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Keeps the token-signing RSA key in a file readable only by its owner, so tokens stay valid across restarts. */
final class SigningKeyStore {

    private SigningKeyStore() {}

    static RSAKey loadOrCreate(@Nullable Path file) {
        try {
            if (file != null && Files.exists(file)) {
                return JWK.parse(Files.readString(file)).toRSAKey();
            }
            RSAKey key = new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .keyID(UUID.randomUUID().toString())
                    .generate();
            if (file != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, key.toJSONString());
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("signing key file not usable: " + file, e);
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException("signing key not usable: " + file, e);
        }
    }
}
