package dev.ota.signing.director;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Lifetimes of the director's per-vehicle metadata ({@code ota.signing.director.*}). */
@ConfigurationProperties("ota.signing.director")
public record DirectorProperties(
        @DefaultValue("P30D") Duration targetsLifetime,
        @DefaultValue("P30D") Duration snapshotLifetime,
        @DefaultValue("P7D") Duration timestampLifetime) {}
