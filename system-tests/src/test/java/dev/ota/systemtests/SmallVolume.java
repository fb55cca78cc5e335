package dev.ota.systemtests;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A small tmpfs mounted over a service's data directory, which a test can fill to the last byte: a full disk for that
 * directory alone. Mounted with what was there copied in; on {@link #close()} unmounted, with what was written meanwhile
 * copied back. Needs the right to mount (root with CAP_SYS_ADMIN, as on the build machine); {@link #canMount()} says
 * whether this machine gives it.
 */
final class SmallVolume implements AutoCloseable {

    private static final Path FILLER = Path.of("filler");

    private final Path directory;

    private SmallVolume(Path directory) {
        this.directory = directory;
    }

    /** Whether a tmpfs can be mounted here (tried on a scratch directory). */
    static boolean canMount() {
        try {
            Path probe = Files.createTempDirectory("small-volume-probe");
            try {
                if (run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe.toString()) != 0) {
                    return false;
                }
                return run("umount", probe.toString()) == 0;
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** Mounts a tmpfs of {@code megabytes} over the directory, with the directory's content copied in. */
    static SmallVolume mountOver(Path directory, int megabytes) throws IOException {
        Path saved = Files.createTempDirectory("small-volume-content");
        copyTree(directory, saved);
        if (run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", directory.toString()) != 0) {
            throw new IllegalStateException("could not mount a tmpfs over " + directory);
        }
        copyTree(saved, directory);
        deleteTree(saved);
        return new SmallVolume(directory);
    }

    /** Fills the volume to its last byte with one file. */
    void fill() throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(directory.resolve(FILLER))) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left on device")) {
                throw full;
            }
        }
    }

    /** Frees the space {@link #fill()} took. */
    void free() throws IOException {
        Files.deleteIfExists(directory.resolve(FILLER));
    }

    /** Unmounts the volume, and copies what it holds (the filler aside) back into the directory beneath. */
    @Override
    public void close() throws IOException {
        free();
        Path saved = Files.createTempDirectory("small-volume-content");
        copyTree(directory, saved);
        if (run("umount", "-l", directory.toString()) != 0) {
            throw new IllegalStateException("could not unmount " + directory);
        }
        copyTree(saved, directory);
        deleteTree(saved);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static int run(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }
}
