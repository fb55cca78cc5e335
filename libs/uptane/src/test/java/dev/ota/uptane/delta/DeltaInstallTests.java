package dev.ota.uptane.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.uptane.client.Attack;
import dev.ota.uptane.metadata.TargetFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class DeltaInstallTests {

    private static final String RELEASE_PATH = "ecm/ecm-4.3.0.bin";

    private final byte[] installed = Images.base(1 << 20, 3);
    private final byte[] next = Images.smallChange(installed);
    private final TargetFile release = Images.release(next);
    private final byte[] delta = ZstdPatch.create(installed, next);
    private final TargetFile deltaTarget = Images.deltaTarget(delta, installed, RELEASE_PATH, next);
    private final ByteArrayOutputStream slot = new ByteArrayOutputStream();

    @Test
    void aDeltaForTheInstalledImageProducesExactlyTheReleasedImage() throws Exception {
        DeltaInstall.applyVerified(deltaTarget, RELEASE_PATH, release, installed, stream(delta), slot);

        assertThat(slot.toByteArray()).isEqualTo(next);
    }

    @Test
    void aTamperedDeltaIsRefusedAsArbitrarySoftware() {
        byte[] tampered = delta.clone();
        tampered[tampered.length / 2] ^= 0x5A;

        refused(
                () -> DeltaInstall.applyVerified(deltaTarget, RELEASE_PATH, release, installed, stream(tampered), slot),
                DeltaRefusal.TAMPERED);
        assertThat(DeltaRefusal.TAMPERED.attack()).isEqualTo(Attack.ARBITRARY_SOFTWARE);
    }

    @Test
    void aTruncatedDeltaIsRefused() {
        refused(
                () -> DeltaInstall.applyVerified(
                        deltaTarget,
                        RELEASE_PATH,
                        release,
                        installed,
                        stream(Arrays.copyOf(delta, delta.length - 10)),
                        slot),
                DeltaRefusal.TRUNCATED);
    }

    @Test
    void aDeltaLongerThanItsSignedLengthIsRefusedAsEndlessDataWithoutReadingOn() {
        InputStream endless = new InputStream() {
            private int served;

            @Override
            public int read() {
                served++;
                if (served > delta.length + 1) {
                    throw new AssertionError("read past the signed length + 1");
                }
                return 0;
            }
        };

        refused(
                () -> DeltaInstall.applyVerified(deltaTarget, RELEASE_PATH, release, installed, endless, slot),
                DeltaRefusal.OVERSIZED);
        assertThat(DeltaRefusal.OVERSIZED.attack()).isEqualTo(Attack.ENDLESS_DATA);
    }

    @Test
    void aDeltaForAnotherInstalledImageIsRefusedAsWrongBase() {
        byte[] otherInstalled = Images.base(installed.length, 4);

        refused(
                () -> DeltaInstall.applyVerified(
                        deltaTarget, RELEASE_PATH, release, otherInstalled, stream(delta), slot),
                DeltaRefusal.WRONG_BASE);
    }

    @Test
    void aDeltaWhoseSignedResultIsAnotherReleaseIsRefused() {
        TargetFile otherRelease = Images.release(Images.base(next.length, 5));

        refused(
                () -> DeltaInstall.applyVerified(
                        deltaTarget, RELEASE_PATH, otherRelease, installed, stream(delta), slot),
                DeltaRefusal.NOT_FOR_THIS_RELEASE);
        refused(
                () -> DeltaInstall.applyVerified(
                        deltaTarget, "ecm/ecm-9.9.9.bin", release, installed, stream(delta), slot),
                DeltaRefusal.NOT_FOR_THIS_RELEASE);
    }

    @Test
    void aValidlySignedDeltaThatProducesOtherBytesNeverReachesTheSlot() {
        // what a stolen deltas key could do: sign a delta whose description names the release, but which decodes to
        // other bytes of the same length; the release signature on the result is what stops it
        byte[] evil = next.clone();
        evil[12345] ^= 1;

        refusedWhenASignedDeltaProduces(evil, DeltaRefusal.RESULT_MISMATCH);
    }

    @Test
    void aValidlySignedDeltaThatDecodesBeyondTheReleaseLengthIsRefusedAsEndlessData() {
        refusedWhenASignedDeltaProduces(Arrays.copyOf(next, next.length + 4096), DeltaRefusal.OVERSIZED);
    }

    /** A delta signed as producing the release (as a holder of the deltas key could sign), producing other bytes. */
    private void refusedWhenASignedDeltaProduces(byte[] produced, DeltaRefusal reason) {
        byte[] forged = ZstdPatch.create(installed, produced);
        TargetFile signed = Images.deltaTarget(forged, installed, RELEASE_PATH, next);

        refused(
                () -> DeltaInstall.applyVerified(signed, RELEASE_PATH, release, installed, stream(forged), slot),
                reason);
    }

    @Test
    void aDeltaTargetWithoutADescriptionOrInAnUnknownFormatIsRefused() {
        TargetFile bare = new TargetFile(delta.length, Images.hashes(delta), Map.of());
        refused(
                () -> DeltaInstall.applyVerified(bare, RELEASE_PATH, release, installed, stream(delta), slot),
                DeltaRefusal.MALFORMED);

        var description = DeltaDescription.of(deltaTarget);
        TargetFile otherFormat = new TargetFile(
                delta.length,
                Images.hashes(delta),
                new DeltaDescription("bsdiff/4", description.base(), RELEASE_PATH, description.result()).toCustom());
        refused(
                () -> DeltaInstall.applyVerified(otherFormat, RELEASE_PATH, release, installed, stream(delta), slot),
                DeltaRefusal.MALFORMED);
    }

    private void refused(ThrowingCallable call, DeltaRefusal reason) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        DeltaRefusedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageStartingWith(reason.name());
        assertThat(slot.size()).as("nothing reaches the slot").isZero();
    }

    private static InputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }
}
