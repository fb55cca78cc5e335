package dev.ota.uptane.delta;

import dev.ota.uptane.client.AttackDetectedException;
import dev.ota.uptane.client.RepositoryClient;
import dev.ota.uptane.client.TargetVerification;
import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.metadata.TargetFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The vehicle's side of a delta update, exactly as strict as a full download: the delta is found by the standard TUF
 * search (so only a role the image repository delegates {@code deltas/*} to can list one), its signed description must
 * name the very release the director assigned and the image installed on this ECU, its bytes are read no further than
 * its signed length and must match its signed hashes, it may not decode to more than the release's signed length, and
 * what it produces is accepted only if it matches the release-signed length and hashes ({@link TargetVerification}).
 * Any failure throws {@link DeltaRefusedException} before a byte reaches the sink; the caller then downloads the full
 * image.
 */
public final class DeltaInstall {

    private DeltaInstall() {}

    /**
     * The delta from the installed image to the release, if the image repository lists one (TUF 1.0 section 5.6.7,
     * pre-order search: the {@code deltas} delegation is listed before the terminating {@code release} one).
     */
    public static Optional<RepositoryClient.ResolvedTarget> find(
            RepositoryClient imageRepository, String releasePath, String installedSha256) {
        return imageRepository.findTarget(DeltaPaths.of(releasePath, installedSha256));
    }

    /**
     * The delta the director offered, as the image repository lists it: found by the same TUF search, and refused as
     * {@link DeltaRefusal#NOT_AS_OFFERED} when the image repository's signed entry is not the one the director named
     * (the two repositories must agree, as they must on every image, Uptane 2.0 section 5.4.4.2).
     *
     * @return empty when the image repository lists no such delta (revoked since, or not yet signed)
     */
    public static Optional<RepositoryClient.ResolvedTarget> findOffered(
            RepositoryClient imageRepository, DeltaOffer offer) {
        Optional<RepositoryClient.ResolvedTarget> found = imageRepository.findTarget(offer.path());
        if (found.isPresent() && !offer.matches(found.get().file())) {
            throw new DeltaRefusedException(
                    DeltaRefusal.NOT_AS_OFFERED,
                    "the image repository lists " + offer.path() + " with other length or hashes than the director");
        }
        return found;
    }

    /**
     * Checks the delta's description against the release and the installed image, reads and checks the delta, applies
     * it and writes the result to {@code sink} only once it matches the release-signed target.
     *
     * @param delta the delta's target entry as the image repository signed it
     * @param releasePath the target path the director assigned
     * @param release the release-signed image repository entry of that path (full verification's result)
     * @param installed the bytes of the image installed on this ECU
     * @param download the delta's bytes as served
     */
    public static void applyVerified(
            TargetFile delta,
            String releasePath,
            TargetFile release,
            byte[] installed,
            InputStream download,
            OutputStream sink)
            throws IOException {
        DeltaDescription description = DeltaDescription.of(delta);
        if (!ZstdPatch.FORMAT.equals(description.format())) {
            throw new DeltaRefusedException(
                    DeltaRefusal.MALFORMED, "format " + description.format() + " is not " + ZstdPatch.FORMAT);
        }
        if (!description.resultPath().equals(releasePath)
                || description.result().length() != release.length()
                || !sameHashes(description.result().hashes(), release.hashes())) {
            throw new DeltaRefusedException(
                    DeltaRefusal.NOT_FOR_THIS_RELEASE,
                    "the delta's signed result is " + description.resultPath() + " ("
                            + description.result().length() + " bytes), not the assigned " + releasePath + " ("
                            + release.length() + " bytes)");
        }
        requireBase(description.base(), installed);
        byte[] bytes = readBounded(download, delta);
        byte[] result = ZstdPatch.apply(installed, bytes, release.length());
        // checked whole before a byte goes to the sink: the result is in memory, so nothing unverified is written
        try {
            TargetVerification.copyVerified(new ByteArrayInputStream(result), release, OutputStream.nullOutputStream());
        } catch (AttackDetectedException mismatch) {
            throw new DeltaRefusedException(
                    DeltaRefusal.RESULT_MISMATCH,
                    "what the delta produced is not the released image: " + mismatch.getMessage());
        }
        sink.write(result);
    }

    /** The installed image must be the signed base: same length, and every hash both list (at least one) equal. */
    private static void requireBase(DeltaDescription.FileInfo base, byte[] installed) {
        if (base.length() != installed.length) {
            throw new DeltaRefusedException(
                    DeltaRefusal.WRONG_BASE,
                    "the delta applies to an image of " + base.length() + " bytes, the installed one has "
                            + installed.length);
        }
        boolean checked = false;
        for (var e : base.hashes().entrySet()) {
            if (!Hashing.supported(e.getKey())) {
                continue;
            }
            MessageDigest digest = Hashing.digest(Hashing.jdkName(e.getKey()));
            String actual = HexFormat.of().formatHex(digest.digest(installed));
            if (!actual.equalsIgnoreCase(e.getValue())) {
                throw new DeltaRefusedException(
                        DeltaRefusal.WRONG_BASE, "the installed image's " + e.getKey() + " is not the delta's base");
            }
            checked = true;
        }
        if (!checked) {
            throw new DeltaRefusedException(DeltaRefusal.MALFORMED, "the delta's base lists no supported hash");
        }
    }

    /** Reads the delta no further than its signed length (one byte more shows endless data) and checks its hashes. */
    private static byte[] readBounded(InputStream download, TargetFile delta) throws IOException {
        if (delta.length() > ZstdPatch.MAX_IMAGE_BYTES) {
            throw new DeltaRefusedException(DeltaRefusal.OVERSIZED, "a delta of " + delta.length() + " bytes");
        }
        byte[] bytes = download.readNBytes((int) delta.length() + 1);
        if (bytes.length > delta.length()) {
            throw new DeltaRefusedException(
                    DeltaRefusal.OVERSIZED, "the delta is longer than its signed length " + delta.length());
        }
        if (bytes.length < delta.length()) {
            throw new DeltaRefusedException(
                    DeltaRefusal.TRUNCATED,
                    "only " + bytes.length + " of the delta's signed " + delta.length() + " bytes arrived");
        }
        try {
            TargetVerification.copyVerified(new ByteArrayInputStream(bytes), delta, OutputStream.nullOutputStream());
        } catch (AttackDetectedException mismatch) {
            throw new DeltaRefusedException(
                    DeltaRefusal.TAMPERED, "the delta does not match its signed hashes: " + mismatch.getMessage());
        }
        return bytes;
    }

    /** Every algorithm both list agrees, and at least one of them is one this ECU can compute. */
    private static boolean sameHashes(Map<String, String> a, Map<String, String> b) {
        boolean verifiable = false;
        for (var e : a.entrySet()) {
            String other = b.get(e.getKey());
            if (other == null) {
                continue;
            }
            if (!other.equalsIgnoreCase(e.getValue())) {
                return false;
            }
            verifiable |= Hashing.supported(e.getKey());
        }
        return verifiable;
    }
}
