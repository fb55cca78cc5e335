package dev.ota.pki;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The serials the CA revoked, with when. For a persistent CA the CRL file is the record, not this object's memory:
 * other processes (gateway replicas on the same volume) rewrite it too, so this view reads it again whenever its
 * {@link FileVersion} is not the one it last read or wrote. A CRL that does not verify with the CA's key is refused
 * loudly rather than taken as the record (taking it would let whoever can write the volume un-revoke vehicles at the
 * next revocation).
 */
final class RevokedSerials {

    private final @Nullable Path crlFile;
    private final PublicKey issuer;
    private volatile Map<BigInteger, Instant> revoked = Map.of();
    private @Nullable FileVersion loaded;

    private RevokedSerials(@Nullable Path crlFile, PublicKey issuer) {
        this.crlFile = crlFile;
        this.issuer = issuer;
    }

    static RevokedSerials inMemory(PublicKey issuer) {
        return new RevokedSerials(null, issuer);
    }

    /** The view of a CRL file; a missing file means nothing is revoked yet. */
    static RevokedSerials readFrom(Path crlFile, PublicKey issuer) {
        RevokedSerials serials = new RevokedSerials(crlFile, issuer);
        serials.refresh();
        return serials;
    }

    /**
     * Reads the CRL file again when it changed since this view last saw it (one {@code stat} when it did not). The
     * version is taken before the file is read, so a replacement in between is read again next time, never missed.
     *
     * @throws IllegalStateException when the file is not a CRL signed by this CA
     */
    synchronized void refresh() {
        if (crlFile == null) {
            return;
        }
        Optional<FileVersion> current = FileVersion.of(crlFile);
        if (current.isEmpty() || current.get().equals(loaded)) {
            return;
        }
        X509CRL crl = FleetCaFiles.readCrl(crlFile);
        try {
            crl.verify(issuer);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    crlFile + " is not a CRL signed by this fleet CA; refusing to take it as the revocation record", e);
        }
        Map<BigInteger, Instant> read = new HashMap<>();
        Set<? extends X509CRLEntry> entries = crl.getRevokedCertificates();
        if (entries != null) {
            entries.forEach(entry ->
                    read.put(entry.getSerialNumber(), entry.getRevocationDate().toInstant()));
        }
        revoked = Map.copyOf(read);
        loaded = current.get();
    }

    boolean contains(BigInteger serial) {
        refresh();
        return revoked.containsKey(serial);
    }

    /** What is revoked as last read or written (call {@link #refresh} first for the file's current state). */
    Map<BigInteger, Instant> current() {
        return revoked;
    }

    /** The current list plus these serials (an already revoked serial keeps its first revocation time). */
    Map<BigInteger, Instant> adding(List<BigInteger> serials, Instant when) {
        Map<BigInteger, Instant> next = new HashMap<>(revoked);
        serials.forEach(serial -> next.putIfAbsent(serial, when));
        return Map.copyOf(next);
    }

    /** Takes the list just written to the CRL file (under the directory lock) as the one this view has read. */
    synchronized void wrote(Map<BigInteger, Instant> written) {
        revoked = Map.copyOf(written);
        loaded = crlFile == null ? null : FileVersion.of(crlFile).orElse(null);
    }
}
