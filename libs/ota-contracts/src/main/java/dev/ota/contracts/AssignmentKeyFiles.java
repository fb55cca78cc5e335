package dev.ota.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 assignment keys as PEM files that {@code openssl} reads and writes: the private key as unencrypted PKCS#8
 * ({@code openssl genpkey -algorithm ed25519 -out campaign.key}, mode 0600, from a Secret in production), the public
 * key as SubjectPublicKeyInfo ({@code openssl pkey -in campaign.key -pubout -out campaign.pub}).
 */
public final class AssignmentKeyFiles {

    private AssignmentKeyFiles() {}

    public static PrivateKey readPrivate(Path file) {
        return read(
                file,
                "PRIVATE KEY",
                bytes -> KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(bytes)));
    }

    public static PublicKey readPublic(Path file) {
        return read(
                file,
                "PUBLIC KEY",
                bytes -> KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(bytes)));
    }

    /** Writes a new Ed25519 pair: {@code privateFile} owner-only (0600), {@code publicFile} readable by all. */
    public static void generate(Path privateFile, Path publicFile) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Path directory = privateFile.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, ".assignment-key", ".tmp");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // a file system without POSIX modes: the directory's protection is all there is
            }
            Files.writeString(temporary, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            Files.move(temporary, privateFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.createDirectories(publicFile.toAbsolutePath().getParent());
            Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the assignment key " + privateFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no Ed25519 in this JVM", e);
        }
    }

    private interface Decoder<K> {
        K decode(byte[] der) throws GeneralSecurityException;
    }

    private static <K> K read(Path file, String label, Decoder<K> decoder) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the assignment key " + file, e);
        }
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(file + " holds no PEM " + label);
        }
        try {
            return decoder.decode(Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not an Ed25519 " + label + ": " + e.getMessage(), e);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
