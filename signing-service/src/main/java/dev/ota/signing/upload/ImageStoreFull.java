package dev.ota.signing.upload;

import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The image store's volume is full: the upload is refused with 507 Insufficient Storage and says so, nothing is signed
 * and nothing half-written stays behind, and the same upload succeeds once space is freed. Without it the caller got a
 * bare 500.
 */
final class ImageStoreFull extends ResponseStatusException {

    /** How the JVM reports ENOSPC on Linux; it has no exception type of its own. */
    private static final String NO_SPACE = "No space left on device";

    ImageStoreFull(IOException cause) {
        super(
                HttpStatus.INSUFFICIENT_STORAGE,
                "the image store has no space left (" + NO_SPACE + "); nothing was signed, upload again once space is"
                        + " freed",
                cause);
    }

    /** Whether the failure, or one of its causes, is the file system saying it is full. */
    static boolean isFull(IOException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains(NO_SPACE)) {
                return true;
            }
        }
        return false;
    }
}
