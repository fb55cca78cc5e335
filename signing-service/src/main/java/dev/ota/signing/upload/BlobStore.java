package dev.ota.signing.upload;

import dev.ota.signing.imagerepo.ImageBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** Image bytes on disk, addressed by SHA-256 (content-addressed: the same bytes are stored once). */
@Component
public class BlobStore implements ImageBytes {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;
    private final Path incoming;

    BlobStore(UploadProperties properties) {
        try {
            this.dir = Files.createDirectories(properties.blobDir());
            this.incoming = Files.createDirectories(dir.resolve("incoming"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh temp file on the same file system as the blobs. */
    Path newTempFile() throws IOException {
        return Files.createTempFile(incoming, "upload-", ".part");
    }

    /** Moves a fully written and hashed temp file into place (atomic rename); keeps the existing blob if present. */
    void commit(Path temp, String sha256) throws IOException {
        Path target = path(sha256);
        if (Files.exists(target)) {
            Files.deleteIfExists(temp);
            return;
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void store(String sha256, byte[] bytes) throws IOException {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a lower-case SHA-256: " + sha256);
        }
        if (Files.exists(path(sha256))) {
            return;
        }
        Path temp = newTempFile();
        Files.write(temp, bytes);
        commit(temp, sha256);
    }

    @Override
    public Optional<Path> find(String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            return Optional.empty();
        }
        Path p = path(sha256);
        return Files.exists(p) ? Optional.of(p) : Optional.empty();
    }

    private Path path(String sha256) {
        return dir.resolve(sha256);
    }
}
