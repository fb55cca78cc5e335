package dev.ota.audit.verify;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a verification found.
 *
 * @param intact true when every entry, subtree hash and checkpoint agrees
 * @param entries how many entries the log holds now
 * @param checkpointsChecked how many signed checkpoints were compared with the recomputed tree
 * @param firstBadIndex the lowest leaf index that can no longer be trusted, or null when intact
 * @param problems what was found, in the order found (at most a few dozen)
 */
public record VerificationReport(
        boolean intact,
        long entries,
        int checkpointsChecked,
        @Nullable Long firstBadIndex,
        String rootHash,
        List<String> problems) {}
