package dev.ota.uptane.delta;

import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.metadata.TargetFile;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Test images: a base of mixed text and random bytes, and a next version with a few regions changed or moved. */
final class Images {

    private Images() {}

    static byte[] base(int size, long seed) {
        var random = new Random(seed);
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        for (int i = 0; i < size; i += 4096) {
            byte[] text = ("section " + i + " of the firmware image, build " + seed + "\n").getBytes();
            System.arraycopy(text, 0, bytes, i, Math.min(text.length, size - i));
        }
        return bytes;
    }

    /** The base with a small change: a few KiB rewritten, and a block inserted in the middle (everything shifts). */
    static byte[] smallChange(byte[] base) {
        var random = new Random(99);
        byte[] inserted = new byte[2048];
        random.nextBytes(inserted);
        int at = base.length / 2;
        byte[] next = new byte[base.length + inserted.length];
        System.arraycopy(base, 0, next, 0, at);
        System.arraycopy(inserted, 0, next, at, inserted.length);
        System.arraycopy(base, at, next, at + inserted.length, base.length - at);
        for (int i = 0; i < 4096; i++) {
            next[1000 + i] = (byte) random.nextInt();
        }
        return next;
    }

    static TargetFile release(byte[] image) {
        return TargetFile.image(image.length, hashes(image), List.of("ecm-hw"), 7, Map.of());
    }

    static Map<String, String> hashes(byte[] bytes) {
        return Map.of("sha256", Hashing.sha256Hex(bytes), "sha512", Hashing.sha512Hex(bytes));
    }

    /** The delta's target entry as the image repository signs it. */
    static TargetFile deltaTarget(byte[] delta, byte[] base, String resultPath, byte[] result) {
        var description = new DeltaDescription(
                ZstdPatch.FORMAT,
                new DeltaDescription.FileInfo(base.length, hashes(base)),
                resultPath,
                new DeltaDescription.FileInfo(result.length, hashes(result)));
        return new TargetFile(delta.length, hashes(delta), description.toCustom());
    }
}
