package dev.ota.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What tells one version of a file from the next without reading it: its identity (inode; a file replaced by an atomic
 * rename is a new one), modification time and size. The time alone is not enough: file systems with coarse time
 * stamps give two writes within the same tick the same time.
 */
record FileVersion(@Nullable Object identity, FileTime modified, long size) {

    /** The file's current version; empty when there is no such file. */
    static Optional<FileVersion> of(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of(new FileVersion(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look at " + file, e);
        }
    }
}
