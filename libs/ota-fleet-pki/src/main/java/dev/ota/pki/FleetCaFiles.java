package dev.ota.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;

/**
 * The files of a persistent fleet CA, all in one directory: {@value #CA_FILE} (PKCS#12, alias {@value #ALIAS}: the
 * CA key and its self-signed certificate), {@value #CRL_FILE} (the current CRL, PEM, replaced atomically on every
 * revocation; it is also the record of what was revoked, read back on load) and {@value #ISSUED_FILE} (one line per
 * vehicle certificate issued: serial in hex, VIN, not-after; what revocation by VIN needs). {@value #CERTIFICATE_FILE}
 * is the CA certificate in PEM, written at every load, for brokers that verify the CRL with it (the packaged
 * extension) without reading the key store. {@value CaDirectoryLock#LOCK_FILE} is locked around creation and every
 * change (see {@link CaDirectoryLock}): several processes may share the directory.
 */
final class FleetCaFiles {

    static final String CA_FILE = "fleet-ca.p12";
    static final String CRL_FILE = "fleet-ca.crl";
    static final String ISSUED_FILE = "issued-vehicles.csv";
    static final String CERTIFICATE_FILE = "fleet-ca.pem";
    static final String ALIAS = "fleet-ca";

    record Stored(KeyPair keys, X509Certificate certificate) {}

    private final Path directory;
    private final char[] password;
    private final CaDirectoryLock lock;

    FleetCaFiles(Path directory, char[] password) {
        this.directory = directory;
        this.password = password.clone();
        this.lock = CaDirectoryLock.of(directory);
    }

    Path crlFile() {
        return directory.resolve(CRL_FILE);
    }

    /** The lock every mutation of the directory's files runs under (see {@link CaDirectoryLock}). */
    CaDirectoryLock lock() {
        return lock;
    }

    /** Loads the CA, or creates it under the directory lock, so that of two processes starting together only one creates it. */
    Stored loadOrCreate(Supplier<Stored> create) {
        return lock.exclusively(() -> {
            try {
                Path file = directory.resolve(CA_FILE);
                if (Files.exists(file)) {
                    return load(file);
                }
                Stored created = create.get();
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry(ALIAS, created.keys().getPrivate(), password, new java.security.cert.Certificate[] {
                    created.certificate()
                });
                Path temporary = directory.resolve(CA_FILE + ".tmp");
                try (OutputStream out = Files.newOutputStream(temporary)) {
                    store.store(out, password);
                }
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
                return created;
            } catch (IOException e) {
                throw new UncheckedIOException("fleet CA directory " + directory + " not usable", e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot store the fleet CA in " + directory, e);
            }
        });
    }

    private Stored load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        X509Certificate certificate = (X509Certificate) store.getCertificate(ALIAS);
        PrivateKey key = (PrivateKey) store.getKey(ALIAS, password);
        if (certificate == null || key == null) {
            throw new IllegalStateException(file + " has no entry " + ALIAS);
        }
        return new Stored(new KeyPair(certificate.getPublicKey(), key), certificate);
    }

    /** Replaces the CRL file atomically: a reader sees the old list or the new one, never half of one. */
    void writeCrl(X509CRL crl) {
        replace(crlFile(), FleetCa.pem(crl));
    }

    Path certificateFile() {
        return directory.resolve(CERTIFICATE_FILE);
    }

    void writeCertificate(X509Certificate certificate) {
        replace(certificateFile(), FleetCa.pem(certificate));
    }

    /**
     * Writes a public file (CRL, CA certificate) atomically, readable by all: the broker reads it from a shared volume
     * under another user (a temporary file would otherwise keep its owner-only mode).
     */
    private void replace(Path file, String pem) {
        try {
            Path temporary = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
            Files.writeString(temporary, pem, StandardCharsets.US_ASCII);
            if (Files.getFileStore(temporary).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    IssuedCertificates issued() {
        return IssuedCertificates.appendingTo(directory.resolve(ISSUED_FILE));
    }

    RevokedSerials revoked(PublicKey issuer) {
        return RevokedSerials.readFrom(crlFile(), issuer);
    }

    static X509CRL readCrl(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CRL " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("not a CRL: " + file, e);
        }
    }
}
