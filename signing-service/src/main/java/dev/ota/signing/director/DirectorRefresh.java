package dev.ota.signing.director;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signs stored director documents again before they expire ({@link Freshness}): every {@code refresh-check}, in
 * transactions of {@code refresh-batch} vehicles, until none is due. Rows locked by another replica's run are
 * skipped, so replicas share the work and never sign the same vehicle twice. Nothing is pushed: vehicles get the
 * renewed documents when they ask.
 */
@Component
class DirectorRefresh {

    private static final Logger log = LoggerFactory.getLogger(DirectorRefresh.class);

    private final VehicleMetadataRows rows;
    private final DirectorDocuments documents;
    private final Freshness freshness;
    private final DirectorProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock = Clock.systemUTC();

    DirectorRefresh(
            VehicleMetadataRows rows,
            DirectorDocuments documents,
            Freshness freshness,
            DirectorProperties properties,
            PlatformTransactionManager transactionManager) {
        this.rows = rows;
        this.documents = documents;
        this.freshness = freshness;
        this.properties = properties;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @Scheduled(
            initialDelayString = "${ota.signing.director.refresh-check:PT1M}",
            fixedDelayString = "${ota.signing.director.refresh-check:PT1M}")
    void refreshDue() {
        int total = 0;
        while (true) {
            Integer renewed = transactions.execute(status -> renewBatch(clock.instant()));
            if (renewed == null || renewed == 0) {
                break;
            }
            total += renewed;
            if (renewed < properties.refreshBatch()) {
                break;
            }
        }
        if (total > 0) {
            log.info("signed director metadata again before expiry for {} vehicles", total);
        }
    }

    /** One batch, in the caller's transaction; the number of vehicles whose documents were signed again. */
    int renewBatch(Instant now) {
        List<VehicleMetadata> due = rows.lockDue(
                freshness.targetsLimit(now),
                freshness.snapshotLimit(now),
                freshness.timestampLimit(now),
                properties.refreshBatch());
        for (VehicleMetadata stored : due) {
            rows.save(stored.withDocuments(freshness.renew(documents, stored.documents(), now)));
        }
        return due.size();
    }
}
