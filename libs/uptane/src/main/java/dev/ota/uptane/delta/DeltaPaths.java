package dev.ota.uptane.delta;

import java.util.List;

/**
 * Where deltas live in the image repository: {@code deltas/<result target path>.from-<base sha256>}. The path is a
 * function of the release and of the installed image's SHA-256, so a vehicle finds the delta that fits it by the
 * standard TUF target search, without asking anyone what it has installed.
 */
public final class DeltaPaths {

    /** The first path segment of every delta target. */
    public static final String PREFIX = "deltas/";

    /** The path patterns of the {@code deltas} delegation: one to four segments under {@code deltas/}. */
    public static final List<String> DELEGATION_PATHS =
            List.of("deltas/*", "deltas/*/*", "deltas/*/*/*", "deltas/*/*/*/*");

    private DeltaPaths() {}

    /** The target path of the delta from the image with this SHA-256 to the released target at {@code resultPath}. */
    public static String of(String resultPath, String baseSha256) {
        return PREFIX + resultPath + ".from-" + baseSha256.toLowerCase(java.util.Locale.ROOT);
    }
}
