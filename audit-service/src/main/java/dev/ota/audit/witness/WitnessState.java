package dev.ota.audit.witness;

import dev.ota.audit.note.Checkpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The witness's memory: per log, the body of the last checkpoint it cosigned, one file per log in a directory of its
 * own ({@code <hex of the origin>.checkpoint}). Written to a temporary file and moved into place, so a crash leaves
 * either the old or the new checkpoint.
 */
public final class WitnessState {

    private final Path dir;

    public WitnessState(Path dir) {
        this.dir = dir;
    }

    Optional<Checkpoint> last(String origin) {
        Path file = file(origin);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Checkpoint.parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void advance(String origin, Checkpoint checkpoint) {
        try {
            Files.createDirectories(dir);
            Path temporary = Files.createTempFile(dir, "next", ".tmp");
            Files.writeString(temporary, checkpoint.body(), StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file(origin), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file(origin), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(String origin) {
        return dir.resolve(HexFormat.of().formatHex(origin.getBytes(StandardCharsets.UTF_8)) + ".checkpoint");
    }
}
