package dev.ota.uptane.crypto;

import dev.ota.uptane.json.CanonicalJson;
import dev.ota.uptane.json.Json;
import dev.ota.uptane.json.MalformedMetadataException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A software private key at rest: AES-256-GCM under a key derived from a passphrase with PBKDF2-HMAC-SHA256. The
 * public key is stored in clear (so tools can list key ids without the passphrase) and bound to the ciphertext as
 * additional authenticated data, so it cannot be swapped. Plaintext: the 32-byte seed for Ed25519, PKCS#8 DER
 * otherwise.
 *
 * <pre>{@code
 * {"format": "ota-encrypted-key/1", "public": {TUF key object}, "kdf": "PBKDF2WithHmacSHA256",
 *  "iterations": 600000, "salt": "<b64>", "cipher": "AES-256-GCM", "iv": "<b64>", "ciphertext": "<b64>"}
 * }</pre>
 *
 * <p>Files written before 600,000 iterations became the only count this platform writes (10,000 for online and
 * development keys) still load: the count is read from each file.
 */
public final class EncryptedKeyFile {

    public static final String FORMAT = "ota-encrypted-key/1";
    /** OWASP 2023 guidance for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private EncryptedKeyFile() {}

    public static byte[] encrypt(Signer signer, char[] passphrase) {
        return encrypt(signer, passphrase, DEFAULT_ITERATIONS);
    }

    public static byte[] encrypt(Signer signer, char[] passphrase, int iterations) {
        byte[] plaintext = switch (signer) {
            case Ed25519KeySigner ed -> ed.seed();
            case JcaSigner jca -> jca.privateKey().getEncoded();
            default -> throw new IllegalArgumentException("only software keys can be exported to a key file");
        };
        if (plaintext == null) {
            throw new IllegalArgumentException("this private key cannot be exported (hardware token?)");
        }
        byte[] salt = new byte[16];
        byte[] iv = new byte[12];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, passphrase, salt, iterations, iv);
            cipher.updateAAD(CanonicalJson.encode(signer.publicKey()));
            byte[] ciphertext = cipher.doFinal(plaintext);
            var out = new LinkedHashMap<String, Object>();
            out.put("format", FORMAT);
            out.put("public", signer.publicKey().toJsonValue());
            out.put("kdf", "PBKDF2WithHmacSHA256");
            out.put("iterations", iterations);
            out.put("salt", Base64.getEncoder().encodeToString(salt));
            out.put("cipher", "AES-256-GCM");
            out.put("iv", Base64.getEncoder().encodeToString(iv));
            out.put("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
            return CanonicalJson.encode(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt key", e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * Writes a new key file readable and writable by its owner only (mode 0600 from the moment it exists, whatever the
     * umask), encrypted with {@link #DEFAULT_ITERATIONS}. Refuses to replace an existing file: a key is never
     * overwritten by accident.
     *
     * @throws FileAlreadyExistsException when {@code file} exists
     */
    public static void write(Path file, Signer signer, char[] passphrase) throws IOException {
        write(file, signer, passphrase, DEFAULT_ITERATIONS);
    }

    /** As {@link #write(Path, Signer, char[])} with another iteration count (tests of tools keep it small). */
    public static void write(Path file, Signer signer, char[] passphrase, int iterations) throws IOException {
        byte[] encrypted = encrypt(signer, passphrase, iterations);
        Path directory = file.toAbsolutePath().getParent();
        if (directory != null) {
            Files.createDirectories(directory);
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            FileAttribute<?> ownerOnly =
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            Files.createFile(file, ownerOnly);
        } else {
            Files.createFile(file);
        }
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
            out.write(encrypted);
        }
    }

    /** The PBKDF2 iteration count a key file was encrypted with (older files carry fewer than the default). */
    public static int iterations(byte[] file) {
        return (int) Json.integer(Json.object(Json.parse(file), "key file"), "iterations");
    }

    /** The public key, readable without the passphrase. */
    public static TufKey publicKey(byte[] file) {
        return TufKey.fromJson(Json.object(Json.parse(file), "key file").get("public"));
    }

    /** Decrypts the key; a wrong passphrase or a modified file is an {@link IllegalArgumentException}. */
    public static Signer decrypt(byte[] file, char[] passphrase) {
        Map<String, Object> m = Json.object(Json.parse(file), "key file");
        if (!FORMAT.equals(m.get("format"))) {
            throw new MalformedMetadataException("not an " + FORMAT + " file");
        }
        TufKey pub = TufKey.fromJson(m.get("public"));
        byte[] plaintext = null;
        try {
            Cipher cipher = cipher(
                    Cipher.DECRYPT_MODE,
                    passphrase,
                    Base64.getDecoder().decode(Json.string(m, "salt")),
                    (int) Json.integer(m, "iterations"),
                    Base64.getDecoder().decode(Json.string(m, "iv")));
            cipher.updateAAD(CanonicalJson.encode(pub));
            plaintext = cipher.doFinal(Base64.getDecoder().decode(Json.string(m, "ciphertext")));
            Signer signer = switch (pub.scheme()) {
                case ED25519 -> Signers.ed25519(plaintext);
                case ECDSA_SHA2_NISTP256, RSASSA_PSS_SHA256 -> {
                    String algorithm = pub.scheme() == Scheme.RSASSA_PSS_SHA256 ? "RSA" : "EC";
                    var factory = KeyFactory.getInstance(algorithm);
                    var privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(plaintext));
                    var publicKey = Pem.decodePublicKey(pub.publicValue(), algorithm);
                    yield Signers.jca(pub.scheme(), new KeyPair(publicKey, privateKey));
                }
            };
            if (!signer.keyId().equals(pub.keyId())) {
                throw new IllegalArgumentException("key file's private key does not match its public key");
            }
            return signer;
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("wrong passphrase or damaged key file", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot decrypt key file", e);
        } finally {
            if (plaintext != null) {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
    }

    private static Cipher cipher(int mode, char[] passphrase, byte[] salt, int iterations, byte[] iv)
            throws GeneralSecurityException {
        var spec = new PBEKeySpec(passphrase, salt, iterations, 256);
        byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(spec)
                .getEncoded();
        spec.clearPassword();
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        Arrays.fill(key, (byte) 0);
        return cipher;
    }
}
