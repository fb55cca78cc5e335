package dev.ota.signing.imagerepo;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the repository finds the bytes of a target it serves, by their SHA-256. The upload feature stores them; the
 * repository only reads them, so it depends on this and not on how uploads are written.
 */
public interface ImageBytes {

    /** The file holding the bytes with this SHA-256 (lower-case hex), if they are stored. */
    Optional<Path> find(String sha256);

    /** Stores bytes made here (a delta) under their SHA-256; keeps the existing blob when they are already stored. */
    void store(String sha256, byte[] bytes) throws java.io.IOException;
}
