package dev.ota.pki.broker;

import java.security.cert.X509Certificate;
import java.util.function.Predicate;

/**
 * Where the broker learns which certificates are revoked: the fleet CA's CRL fetched from signing-service
 * ({@link FetchedRevocationList}), or an in-process source in tests.
 */
public interface Revocations {

    /** Whether the certificate is revoked, as the source says now (read again if it changed). */
    boolean isRevoked(X509Certificate certificate);

    /**
     * A number that is the same as at the last call only when nothing can have been revoked since: the broker looks
     * through its open sessions again only when it changed.
     */
    long version();

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
