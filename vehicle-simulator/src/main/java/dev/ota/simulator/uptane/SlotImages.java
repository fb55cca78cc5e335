package dev.ota.simulator.uptane;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bytes the simulated ECUs' slots hold, kept once per image by SHA-256 (a real ECU has them in its flash; a
 * thousand simulated ones on one image share one file). Only images that passed their checks are kept, so a delta is
 * applied to what the vehicle verified. The ECU still checks the bytes against the delta's signed base before use.
 */
final class SlotImages {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;

    SlotImages(Path dir) {
        try {
            this.dir = Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of the image with this SHA-256, if an ECU of this fleet ever installed it. */
    Optional<byte[]> read(String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            return Optional.empty();
        }
        Path file = dir.resolve(sha256);
        try {
            return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether the bytes of this image are kept already (another ECU of the fleet installed it). */
    boolean has(String sha256) {
        return SHA256.matcher(sha256).matches() && Files.exists(dir.resolve(sha256));
    }

    /** A sink for a verified image; {@link Sink#keep()} once every check passed, else nothing is kept. */
    Sink sink(String sha256) throws IOException {
        return new Sink(sha256, Files.createTempFile(dir, "slot-", ".part"));
    }

    final class Sink extends FilterOutputStream {

        private final String sha256;
        private final Path temp;

        private Sink(String sha256, Path temp) throws IOException {
            super(Files.newOutputStream(temp));
            this.sha256 = sha256;
            this.temp = temp;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        /** Keeps what was written as the image with this SHA-256 (the caller checked it). */
        void keep() throws IOException {
            close();
            if (!SHA256.matcher(sha256).matches()) {
                Files.deleteIfExists(temp);
                return;
            }
            Files.move(temp, dir.resolve(sha256), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }

        /** Drops what was written. */
        void discard() {
            try {
                close();
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a temp file left behind is harmless: it is never read
            }
        }
    }

    /** Convenience for bytes already checked in memory. */
    void keep(String sha256, byte[] bytes) throws IOException {
        Sink sink = sink(sha256);
        try (OutputStream out = sink) {
            out.write(bytes);
        }
        sink.keep();
    }
}
