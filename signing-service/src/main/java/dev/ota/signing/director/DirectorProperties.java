package dev.ota.signing.director;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The director's per-vehicle metadata ({@code ota.signing.director.*}).
 *
 * @param targetsLifetime how long signed targets stay valid
 * @param snapshotLifetime how long a snapshot stays valid
 * @param timestampLifetime how long a timestamp stays valid: short, since it is what tells a vehicle that nothing
 *     newer is withheld from it (a freeze attack works only until it expires)
 * @param refreshBelow a document is signed again once less than this fraction of its lifetime remains, by the
 *     scheduled job and, should it lag, when a vehicle asks
 * @param refreshCheck how often the job looks for documents to sign again
 * @param refreshBatch documents signed again per transaction
 * @param answerInterval a vehicle whose ask was answered is not answered again within this time unless its metadata
 *     changed meanwhile (asks beyond that are counted and dropped: asking in a loop costs one map lookup)
 */
@ConfigurationProperties("ota.signing.director")
public record DirectorProperties(
        @DefaultValue("P30D") Duration targetsLifetime,
        @DefaultValue("P30D") Duration snapshotLifetime,
        @DefaultValue("P1D") Duration timestampLifetime,
        @DefaultValue("0.5") double refreshBelow,
        @DefaultValue("PT1M") Duration refreshCheck,
        @DefaultValue("500") int refreshBatch,
        @DefaultValue("PT10S") Duration answerInterval) {

    public DirectorProperties {
        if (refreshBelow <= 0 || refreshBelow >= 1) {
            throw new IllegalArgumentException("ota.signing.director.refresh-below must be between 0 and 1");
        }
        for (Duration lifetime : new Duration[] {targetsLifetime, snapshotLifetime, timestampLifetime}) {
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("ota.signing.director lifetimes must be positive");
            }
        }
    }

    /** A document is due for signing again when it expires before {@code now} plus this. */
    Duration refreshWithin(Duration lifetime) {
        return Duration.ofMillis((long) (lifetime.toMillis() * refreshBelow));
    }
}
