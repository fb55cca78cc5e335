package dev.ota.signing.imagerepo;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Deltas between released images ({@code ota.signing.deltas.*}, docs/deltas.md).
 *
 * @param enabled make deltas at all (they are published only when top-level targets delegates {@code deltas} to the
 *     service's {@code image-deltas} key)
 * @param bases how many of the most recent earlier releases of the same image name and hardware get a delta to a new
 *     release
 * @param maxImageSize images above this are not delta-coded: making a delta holds base, result and about 8 bytes of
 *     zstd tables per byte of base in memory
 * @param check how often the service looks for releases whose deltas are still to be made
 */
@ConfigurationProperties("ota.signing.deltas")
public record DeltaProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("3") int bases,
        @DefaultValue("256MB") DataSize maxImageSize,
        @DefaultValue("PT10S") Duration check) {

    public DeltaProperties {
        if (bases < 0) {
            throw new IllegalArgumentException("ota.signing.deltas.bases must not be negative");
        }
    }
}
