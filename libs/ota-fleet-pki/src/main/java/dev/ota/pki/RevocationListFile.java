package dev.ota.pki;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet CA's CRL as the broker sees it: read from the CA's CRL file and read again when the file changed. With a
 * zero {@code refresh} (the broker's setting) the file's version is looked at (one {@code stat}) on every question, so
 * a connect after a revocation was written is judged against it; a longer {@code refresh} looks at most that often. A CRL whose
 * signature does not verify with the CA certificate is ignored (the last good one stays), so a tampered file cannot
 * un-revoke anyone. A missing file means nothing is revoked yet.
 */
public final class RevocationListFile implements Predicate<X509Certificate> {

    private static final Logger log = LoggerFactory.getLogger(RevocationListFile.class);

    private final Path file;
    private final X509Certificate issuer;
    private final long refreshNanos;
    private volatile Set<BigInteger> revoked = Set.of();
    private volatile long checkedAt;
    private volatile long version;
    private @Nullable FileVersion loadedVersion;

    public RevocationListFile(Path file, X509Certificate issuer, Duration refresh) {
        this.file = file;
        this.issuer = issuer;
        this.refreshNanos = refresh.toNanos();
        reload();
    }

    /** Whether the certificate is on the current CRL. */
    @Override
    public boolean test(X509Certificate certificate) {
        if (refreshNanos == 0 || System.nanoTime() - checkedAt > refreshNanos) {
            reload();
        }
        return revoked.contains(certificate.getSerialNumber());
    }

    /** Looks at the file now, and counts up each time a changed CRL was loaded. */
    public long version() {
        reload();
        return version;
    }

    public int size() {
        return revoked.size();
    }

    private synchronized void reload() {
        checkedAt = System.nanoTime();
        try {
            FileVersion version = FileVersion.of(file).orElse(null);
            if (version == null || version.equals(loadedVersion)) {
                return;
            }
            X509CRL crl = FleetCaFiles.readCrl(file);
            crl.verify(issuer.getPublicKey());
            Set<? extends X509CRLEntry> entries = crl.getRevokedCertificates();
            revoked = entries == null
                    ? Set.of()
                    : entries.stream().map(X509CRLEntry::getSerialNumber).collect(Collectors.toUnmodifiableSet());
            loadedVersion = version;
            this.version++;
            log.info("fleet CRL loaded from {}: {} revoked certificates", file, revoked.size());
        } catch (RuntimeException | GeneralSecurityException e) {
            log.warn("fleet CRL {} not (re)loaded, keeping the last one: {}", file, e.toString());
        }
    }
}
