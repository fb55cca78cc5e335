package dev.ota.signing.director;

import java.time.Instant;

/**
 * When a vehicle's stored director documents are signed again: each once less than {@code refresh-below} of its
 * lifetime remains, so a vehicle that asks always gets documents far from expiry, and a timestamp can be short-lived
 * (TUF 1.0 section 5.4.4 and Uptane 2.0 section 5.4.4.4: an expired timestamp is a freeze attack to the vehicle).
 * Renewing targets renews snapshot and timestamp too; renewing a snapshot renews the timestamp.
 */
final class Freshness {

    private final DirectorProperties properties;

    Freshness(DirectorProperties properties) {
        this.properties = properties;
    }

    Instant targetsLimit(Instant now) {
        return now.plus(properties.refreshWithin(properties.targetsLifetime()));
    }

    Instant snapshotLimit(Instant now) {
        return now.plus(properties.refreshWithin(properties.snapshotLifetime()));
    }

    Instant timestampLimit(Instant now) {
        return now.plus(properties.refreshWithin(properties.timestampLifetime()));
    }

    boolean due(DirectorDocuments.Issued documents, Instant now) {
        return documents.targetsExpires().isBefore(targetsLimit(now))
                || documents.snapshotExpires().isBefore(snapshotLimit(now))
                || documents.timestampExpires().isBefore(timestampLimit(now));
    }

    /** The documents with what is due signed again; the same documents when nothing is. */
    DirectorDocuments.Issued renew(DirectorDocuments signer, DirectorDocuments.Issued documents, Instant now) {
        if (documents.targetsExpires().isBefore(targetsLimit(now))) {
            return signer.renewTargets(documents, now);
        }
        if (documents.snapshotExpires().isBefore(snapshotLimit(now))) {
            return signer.renewSnapshot(documents, now);
        }
        if (documents.timestampExpires().isBefore(timestampLimit(now))) {
            return signer.renewTimestamp(documents, now);
        }
        return documents;
    }
}
