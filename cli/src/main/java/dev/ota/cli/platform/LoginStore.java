package dev.ota.cli.platform;

import dev.ota.cli.CliFailure;
import dev.ota.cli.OutputOption;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The login file, {@code credentials.json} in the configuration directory. It holds a client secret and a bearer token,
 * so only its owner may read it: the directory is created {@code rwx------}, the file {@code rw-------} (written to a
 * temporary file with those permissions and moved into place, never readable by others for a moment).
 */
public record LoginStore(Path directory) {

    static final String FILE_NAME = "credentials.json";

    public Path file() {
        return directory.resolve(FILE_NAME);
    }

    public Optional<Login> read() {
        Path file = file();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(OutputOption.mapper().readValue(Files.readAllBytes(file), Login.class));
        } catch (IOException | RuntimeException e) {
            throw CliFailure.failed("cannot read the login in " + file + " (" + e.getMessage() + "); run ota login");
        }
    }

    public void write(Login login) {
        try {
            createPrivateDirectory();
            Path temporary = directory.resolve(FILE_NAME + ".tmp");
            Files.deleteIfExists(temporary);
            Files.createFile(
                    temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temporary, OutputOption.mapper().writeValueAsBytes(login));
            try {
                Files.move(temporary, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file(), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw CliFailure.failed("cannot write the login to " + file() + ": " + e.getMessage());
        }
    }

    /** Forgets the login; false when there was none. */
    public boolean delete() {
        try {
            return Files.deleteIfExists(file());
        } catch (IOException e) {
            throw CliFailure.failed("cannot remove " + file() + ": " + e.getMessage());
        }
    }

    private void createPrivateDirectory() throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Path parent = directory.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(
                    directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException raced) {
            // another ota process created it meanwhile
        }
    }
}
