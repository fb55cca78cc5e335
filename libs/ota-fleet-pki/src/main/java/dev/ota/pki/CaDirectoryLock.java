package dev.ota.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Mutual exclusion over a CA directory, between processes and between threads of one process: gateway replicas share
 * the directory on one volume, and each mutation (an issuance, a revocation) reads the directory's state and writes it
 * back under this lock.
 *
 * <p>Two locks, because a file lock alone does not do it: {@link FileChannel#lock()} excludes other processes only
 * (POSIX record locks belong to the process), a second channel of the same JVM locking the same file throws
 * {@link java.nio.channels.OverlappingFileLockException}, and closing <em>any</em> channel on the file releases the
 * process's lock on some systems. So one {@link ReentrantLock} per lock file (static: shared by every {@link FleetCa}
 * of this JVM on that directory) is taken first, and the lock file is opened, locked and closed only while holding it.
 */
final class CaDirectoryLock {

    static final String LOCK_FILE = ".lock";

    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final @Nullable Path lockFile;
    private final ReentrantLock inProcess;

    private CaDirectoryLock(@Nullable Path lockFile, ReentrantLock inProcess) {
        this.lockFile = lockFile;
        this.inProcess = inProcess;
    }

    /** For a CA without a directory: the thread lock alone. */
    static CaDirectoryLock inMemory() {
        return new CaDirectoryLock(null, new ReentrantLock());
    }

    /** The lock of this directory (created if missing); every instance for the same directory shares its thread lock. */
    static CaDirectoryLock of(Path directory) {
        try {
            Files.createDirectories(directory);
            Path lockFile = directory.toRealPath().resolve(LOCK_FILE);
            return new CaDirectoryLock(lockFile, IN_PROCESS.computeIfAbsent(lockFile, file -> new ReentrantLock()));
        } catch (IOException e) {
            throw new UncheckedIOException("fleet CA directory " + directory + " not usable", e);
        }
    }

    /**
     * Runs the action holding both locks. Re-entrant within a thread (an action may call another locked action: the
     * file is locked only by the outermost call).
     */
    <T> T exclusively(Supplier<T> action) {
        inProcess.lock();
        try {
            if (lockFile == null || inProcess.getHoldCount() > 1) {
                return action.get();
            }
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                return action.get();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock " + lockFile, e);
            }
        } finally {
            inProcess.unlock();
        }
    }

    void run(Runnable action) {
        exclusively(() -> {
            action.run();
            return null;
        });
    }
}
