package dev.ota.uptane.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TrustStore} in one directory (one per ECU and repository). Writes go to a temporary file in the same
 * directory, are forced to disk, and then renamed over the old file with an atomic move, so a crash never leaves a
 * half-written trusted file behind.
 */
public final class DirectoryTrustStore implements TrustStore {

    /** Metadata file names only: no directories, nothing hidden. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");

    private final Path directory;

    public DirectoryTrustStore(Path directory) {
        try {
            this.directory = Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create trust directory " + directory, e);
        }
    }

    public Path directory() {
        return directory;
    }

    @Override
    public byte @Nullable [] read(String name) {
        try {
            return Files.readAllBytes(file(name));
        } catch (NoSuchFileException absent) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trusted " + name + " in " + directory, e);
        }
    }

    @Override
    public void write(String name, byte[] content) {
        Path target = file(name);
        Path temporary = directory.resolve("." + name + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(
                    temporary,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + directory + " cannot replace files atomically", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist trusted " + name + " in " + directory, e);
        }
    }

    @Override
    public void delete(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete trusted " + name + " in " + directory, e);
        }
    }

    private Path file(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a metadata file name: " + name);
        }
        return directory.resolve(name);
    }
}
