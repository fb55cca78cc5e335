package dev.ota.uptane.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ZstdPatchTests {

    private final byte[] base = Images.base(2 << 20, 1);
    private final byte[] next = Images.smallChange(base);

    @Test
    void aSmallChangeCostsAFewPercentAndAppliesBackToTheExactNextImage() {
        byte[] delta = ZstdPatch.create(base, next);

        assertThat(delta.length)
                .as("delta of a 2 MiB image with ~6 KiB changed")
                .isLessThan(next.length / 50);
        assertThat(ZstdPatch.apply(base, delta, next.length)).isEqualTo(next);
    }

    @Test
    void anEmptyBaseStillWorksAsPlainCompression() {
        byte[] delta = ZstdPatch.create(new byte[0], next);

        assertThat(ZstdPatch.apply(new byte[0], delta, next.length)).isEqualTo(next);
    }

    @Test
    void aDeltaThatDecodesToMoreThanTheSignedLengthIsRefusedAsOversized() {
        byte[] delta = ZstdPatch.create(base, next);

        assertThatThrownBy(() -> ZstdPatch.apply(base, delta, next.length - 1))
                .isInstanceOfSatisfying(
                        DeltaRefusedException.class, e -> assertThat(e.reason()).isEqualTo(DeltaRefusal.OVERSIZED))
                .hasMessageContaining("ENDLESS_DATA");
    }

    @Test
    void aDeltaThatDecodesToLessThanTheSignedLengthIsRefused() {
        byte[] delta = ZstdPatch.create(base, next);

        assertThatThrownBy(() -> ZstdPatch.apply(base, delta, next.length + 1))
                .isInstanceOfSatisfying(
                        DeltaRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeltaRefusal.RESULT_MISMATCH));
    }

    @Test
    void bytesThatAreNoDeltaAreRefusedAsCorrupt() {
        byte[] garbage = Arrays.copyOf("not a zstd frame at all".getBytes(), 64);

        assertThatThrownBy(() -> ZstdPatch.apply(base, garbage, next.length))
                .isInstanceOfSatisfying(
                        DeltaRefusedException.class, e -> assertThat(e.reason()).isEqualTo(DeltaRefusal.CORRUPT));
    }

    @Test
    void appliedToAnotherBaseItDoesNotProduceTheNextImage() {
        byte[] delta = ZstdPatch.create(base, next);
        byte[] otherBase = Images.base(base.length, 2);

        // the codec cannot tell: this is why the vehicle checks the base's and the result's signed hashes
        byte[] produced;
        try {
            produced = ZstdPatch.apply(otherBase, delta, next.length);
        } catch (DeltaRefusedException refused) {
            return;
        }
        assertThat(produced).isNotEqualTo(next);
    }
}
