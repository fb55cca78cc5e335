package dev.ota.uptane.delta;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;

/**
 * The delta codec: zstd with the base image as a raw-content dictionary ("patch-from"), so the delta holds only what
 * the base does not already contain. One zstd frame, no checksum (the delta and its result are checked against signed
 * hashes instead).
 *
 * <p>Parameters: level 6 (lazy matching), a window covering base and result together, and hash and chain tables large
 * enough to index every position of the base. With smaller tables zstd forgets most of a large dictionary and the delta
 * is about as big as the compressed image (measured: 85 % instead of 0.8 % for a 64 MiB image, docs/benchmarks.md).
 * The tables cost about 8 bytes of native memory per byte of base while a delta is made; applying needs only the base,
 * the delta and the result in memory.
 */
public final class ZstdPatch {

    /** The format name a delta target's signed description carries. */
    public static final String FORMAT = "zstd-patch-from/1";

    /** Images up to this size (1 GiB) can be delta-coded: Java arrays, and zstd's largest tables (2^30). */
    public static final long MAX_IMAGE_BYTES = 1L << 30;

    private static final int LEVEL = 6;
    private static final int MIN_LOG = 10;
    private static final int MAX_TABLE_LOG = 30;
    private static final int MAX_WINDOW_LOG = 31;

    private ZstdPatch() {}

    /** The delta that turns {@code base} into {@code result}. */
    public static byte[] create(byte[] base, byte[] result) {
        if (base.length > MAX_IMAGE_BYTES || result.length > MAX_IMAGE_BYTES) {
            throw new IllegalArgumentException("images above " + MAX_IMAGE_BYTES + " bytes are not delta-coded");
        }
        int tableLog = Math.min(MAX_TABLE_LOG, ceilLog2(base.length));
        int windowLog = Math.min(MAX_WINDOW_LOG, ceilLog2((long) base.length + result.length));
        try (var ctx = new ZstdCompressCtx()) {
            ctx.setLevel(LEVEL);
            ctx.setWindowLog(windowLog);
            ctx.setHashLog(tableLog);
            ctx.setChainLog(tableLog);
            ctx.setChecksum(false);
            ctx.setContentSize(true);
            if (base.length > 0) {
                ctx.loadDict(base);
            }
            return ctx.compress(result);
        }
    }

    /**
     * Applies a delta to its base. The result is never allowed to grow beyond {@code resultLength}: a delta that would
     * produce more is refused as endless data before the extra bytes exist, one that produces less as a wrong result.
     *
     * @param resultLength the length the result must have (the full image's signed length)
     */
    public static byte[] apply(byte[] base, byte[] delta, long resultLength) {
        if (resultLength > MAX_IMAGE_BYTES) {
            throw new DeltaRefusedException(
                    DeltaRefusal.OVERSIZED, "a result of " + resultLength + " bytes is beyond delta coding");
        }
        byte[] result = new byte[(int) resultLength];
        int produced;
        try (var ctx = new ZstdDecompressCtx()) {
            if (base.length > 0) {
                ctx.loadDict(base);
            }
            produced = ctx.decompressByteArray(result, 0, result.length, delta, 0, delta.length);
        } catch (ZstdException e) {
            if (e.getErrorCode() == Zstd.errDstSizeTooSmall()) {
                throw new DeltaRefusedException(
                        DeltaRefusal.OVERSIZED,
                        "the delta produces more than the signed length " + resultLength + " of its result");
            }
            throw new DeltaRefusedException(DeltaRefusal.CORRUPT, "the delta does not decode: " + e.getMessage());
        }
        if (produced != resultLength) {
            throw new DeltaRefusedException(
                    DeltaRefusal.RESULT_MISMATCH,
                    "the delta produces " + produced + " bytes, the signed length is " + resultLength);
        }
        return result;
    }

    private static int ceilLog2(long n) {
        int log = 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1));
        return Math.max(MIN_LOG, log);
    }
}
