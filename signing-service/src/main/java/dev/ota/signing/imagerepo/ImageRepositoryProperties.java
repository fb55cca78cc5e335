package dev.ota.signing.imagerepo;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Lifetimes of the image repository's online metadata ({@code ota.signing.image.*}). Online roles are re-signed when
 * less than half of their lifetime remains, checked every {@code refreshCheck}.
 */
@ConfigurationProperties("ota.signing.image")
public record ImageRepositoryProperties(
        @DefaultValue("P1D") Duration timestampLifetime,
        @DefaultValue("P7D") Duration snapshotLifetime,
        @DefaultValue("P30D") Duration stagingLifetime,
        @DefaultValue("PT1M") Duration refreshCheck) {}
