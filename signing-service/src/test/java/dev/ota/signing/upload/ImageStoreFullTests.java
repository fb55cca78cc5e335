package dev.ota.signing.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class ImageStoreFullTests {

    /** /dev/full answers every write with ENOSPC, as a full volume does. */
    @Test
    void recognisesTheFileSystemSayingItIsFullAndAnswersInsufficientStorage() {
        IOException full =
                catchThrowableOfType(IOException.class, () -> Files.write(Path.of("/dev/full"), new byte[8192]));

        assertThat(ImageStoreFull.isFull(full)).isTrue();
        assertThat(ImageStoreFull.isFull(new IOException("wrapped", full))).isTrue();
        assertThat(new ImageStoreFull(full).getStatusCode()).isEqualTo(HttpStatus.INSUFFICIENT_STORAGE);
        assertThat(new ImageStoreFull(full).getReason()).contains("no space left");
    }

    @Test
    void otherInputOutputFailuresAreNotAFullStore() {
        assertThat(ImageStoreFull.isFull(new NoSuchFileException("/var/signing/blobs/incoming")))
                .isFalse();
        assertThat(ImageStoreFull.isFull(new IOException(new UncheckedIOException(new IOException("reset")))))
                .isFalse();
    }
}
