package dev.ota.pki;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * The fleet CA's key and self-signed certificate in one PKCS#12 file (alias {@value #ALIAS}), and nothing else: what
 * the CA issued and revoked is kept by its owner (signing-service's database).
 */
public final class FleetCaKeyStore {

    public static final String ALIAS = "fleet-ca";

    private FleetCaKeyStore() {}

    /**
     * Loads the CA from {@code file}.
     *
     * @throws IllegalStateException when the file is missing, has no entry {@value #ALIAS}, or the password is wrong
     */
    public static FleetCa load(Path file, char[] password) {
        if (!Files.exists(file)) {
            throw new IllegalStateException("no fleet CA key store at " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            X509Certificate certificate = (X509Certificate) store.getCertificate(ALIAS);
            PrivateKey key = (PrivateKey) store.getKey(ALIAS, password);
            if (certificate == null || key == null) {
                throw new IllegalStateException(file + " has no entry " + ALIAS);
            }
            return FleetCa.of(new KeyPair(certificate.getPublicKey(), key), certificate);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the fleet CA key store " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open the fleet CA key store " + file, e);
        }
    }

    /**
     * Creates a new CA (EC P-256, self-signed, subject {@code CN=<name>,O=OTA Fleet}) and writes it to {@code file}
     * (atomically, owner-readable only where the file system has POSIX permissions).
     *
     * @throws IllegalStateException when the file exists already
     */
    public static FleetCa create(Path file, char[] password, String name, Duration validity) {
        if (Files.exists(file)) {
            throw new IllegalStateException("a fleet CA key store exists already at " + file);
        }
        FleetCa ca = FleetCa.create(name, validity);
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, ca.privateKey(), password, new Certificate[] {ca.certificate()});
            Path temporary = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                store.store(out, password);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            return ca;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fleet CA key store " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the fleet CA key store", e);
        }
    }

    /** Loads the CA, or creates it when the file is missing and {@code createIfMissing} allows it. */
    public static FleetCa loadOrCreate(
            Path file, char[] password, String name, Duration validity, boolean createIfMissing) {
        if (Files.exists(file) || !createIfMissing) {
            return load(file, password);
        }
        return create(file, password, name, validity);
    }
}
