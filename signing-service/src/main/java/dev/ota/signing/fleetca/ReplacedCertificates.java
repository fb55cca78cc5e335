package dev.ota.signing.fleetca;

import dev.ota.signing.fleetca.persistence.RenewalRecords;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Revokes the certificates a renewal replaced once its {@code replaced-grace} has passed without the vehicle being
 * seen with the new one (see {@link CertificateRenewals}). Any replica may run it: due rows are taken with
 * {@code for update skip locked}, each revocation is audited through the outbox in the same transaction.
 */
@Component
class ReplacedCertificates {

    private static final Logger log = LoggerFactory.getLogger(ReplacedCertificates.class);
    private static final int PAGE = 200;

    private final RenewalRecords renewals;
    private final CertificateRevocations revocations;
    private final TransactionTemplate transactions;
    private final Clock clock = Clock.systemUTC();

    ReplacedCertificates(
            RenewalRecords renewals, CertificateRevocations revocations, TransactionTemplate transactions) {
        this.renewals = renewals;
        this.revocations = revocations;
        this.transactions = transactions;
    }

    @Scheduled(fixedDelayString = "${ota.signing.fleet-ca.replaced-check:PT1M}")
    void revokeDue() {
        int revoked;
        do {
            revoked = revokeDuePage();
        } while (revoked == PAGE);
    }

    int revokeDuePage() {
        Integer count = transactions.execute(status -> {
            var due = renewals.dueForRevocation(clock.instant(), PAGE);
            for (var renewal : due) {
                revocations.revoke(
                        renewal.vin(),
                        renewal.replaced(),
                        "fleet-ca",
                        "replaced by renewal " + renewal.serial() + ", grace over");
                renewals.clearReplaced(renewal.vin());
                log.info(
                        "{}: grace over, revoked the certificates its renewal replaced {}",
                        renewal.vin(),
                        renewal.replaced());
            }
            return due.size();
        });
        return count == null ? 0 : count;
    }
}
