package dev.ota.uptane.client;

import java.time.Duration;

/**
 * The slowest download an ECU accepts (Uptane 2.0 section 5.4: "monitor the download speed of image metadata and
 * image binaries to detect and respond to a slow retrieval attack"): in every window of {@code window}, at least
 * {@code bytesPerSecond} times its length in seconds must arrive, or the download is a slow retrieval attack.
 */
public record MinimumRate(long bytesPerSecond, Duration window) {

    /** 1 KiB/s averaged over 30 s: far below any working link, far above an attacker's trickle. */
    public static final MinimumRate DEFAULT = new MinimumRate(1024, Duration.ofSeconds(30));

    public MinimumRate {
        if (bytesPerSecond < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a minimum rate needs a positive rate and window");
        }
    }

    /** The bytes that must arrive within one window. */
    long bytesPerWindow() {
        return Math.max(1, bytesPerSecond * window.toMillis() / 1000);
    }
}
