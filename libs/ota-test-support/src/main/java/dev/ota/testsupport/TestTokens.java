package dev.ota.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * A test JWT issuer: real RS256 tokens that the services' resource-server configuration verifies against the public key
 * this class publishes, exactly as production tokens are verified against the authorization server's keys.
 */
public final class TestTokens {

    public static final String ISSUER = "https://auth.test.ota.local";

    /**
     * The audience of {@link #bearer}: every platform service (each accepts only tokens naming it) and the support
     * library's probe application, as the authorization server's demo clients get it.
     */
    public static final List<String> EVERY_SERVICE = List.of(
            "signing-service",
            "campaign-service",
            "device-gateway",
            "health-service",
            "rollback-service",
            "audit-service",
            "vehicle-simulator",
            "support-probe");

    private static final KeyPair KEYS = generate();
    private static final Path PUBLIC_KEY = writePublicKey();

    private TestTokens() {}

    /**
     * A bearer token for a person or client with the given roles (e.g. {@code RELEASE_ENGINEER}), meant for every
     * service.
     */
    public static String bearer(String subject, String... roles) {
        return bearerFor(EVERY_SERVICE, subject, roles);
    }

    /** A bearer token meant only for the given services ({@code aud}), e.g. one issued for another service. */
    public static String bearerFor(List<String> audience, String subject, String... roles) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(audience)
                .subject(subject)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(Instant.now()))
                .expirationTime(Date.from(Instant.now().plusSeconds(3600)))
                .claim("roles", List.of(roles))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            jwt.sign(new RSASSASigner(KEYS.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** The {@code Authorization} header value. */
    public static String authorization(String subject, String... roles) {
        return "Bearer " + bearer(subject, roles);
    }

    /** Where the services find the public key ({@code file:} URL of a PEM file). */
    public static String publicKeyLocation() {
        return PUBLIC_KEY.toUri().toString();
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writePublicKey() {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes())
                        .encodeToString(KEYS.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        try {
            Path file = Files.createTempFile("ota-test-jwt", ".pem");
            Files.writeString(file, pem);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
