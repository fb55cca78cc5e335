package dev.ota.pki.broker;

import dev.ota.pki.RevocationListFile;
import java.security.cert.X509Certificate;
import java.util.function.Predicate;

/** Where the broker learns which certificates are revoked. */
public interface Revocations {

    /** Whether the certificate is revoked, as the source says now (read again if it changed). */
    boolean isRevoked(X509Certificate certificate);

    /**
     * A number that is the same as at the last call only when nothing can have been revoked since: the broker looks
     * through its open sessions again only when it changed.
     */
    long version();

    /** The fleet CA's CRL file, looked at (one {@code stat}) on every question. */
    static Revocations of(RevocationListFile file) {
        return new Revocations() {
            @Override
            public boolean isRevoked(X509Certificate certificate) {
                return file.test(certificate);
            }

            @Override
            public long version() {
                return file.version();
            }
        };
    }

    /** A source with no notion of versions (an in-process CA in tests): every look may find something new. */
    static Revocations polling(Predicate<X509Certificate> revoked) {
        return new Revocations() {
            private long calls;

            @Override
            public boolean isRevoked(X509Certificate certificate) {
                return revoked.test(certificate);
            }

            @Override
            public synchronized long version() {
                return ++calls;
            }
        };
    }
}
