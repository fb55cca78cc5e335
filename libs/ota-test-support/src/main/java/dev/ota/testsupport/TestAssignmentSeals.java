package dev.ota.testsupport;

import dev.ota.contracts.AssignmentKeyFiles;
import dev.ota.contracts.AssignmentSeals;
import dev.ota.contracts.events.RollbackAssigned;
import dev.ota.contracts.events.UpdateAssigned;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;

/**
 * One Ed25519 assignment key per test JVM, like {@link TestTokens}' JWT key: every service under test seals with it
 * ({@code ota.assignments.signer-key-file}) and the director trusts it as signer {@value #UPDATE_SIGNER} for updates
 * and {@value #ROLLBACK_SIGNER} for rollbacks. Tests that put assignments on Kafka themselves seal them here.
 */
public final class TestAssignmentSeals {

    public static final String UPDATE_SIGNER = "campaign";
    public static final String ROLLBACK_SIGNER = "rollback";

    private static final Path DIRECTORY = directory();
    private static final Path PRIVATE_KEY = DIRECTORY.resolve("assignments.key");
    private static final Path PUBLIC_KEY = DIRECTORY.resolve("assignments.pub");
    private static final PrivateKey KEY;

    static {
        AssignmentKeyFiles.generate(PRIVATE_KEY, PUBLIC_KEY);
        KEY = AssignmentKeyFiles.readPrivate(PRIVATE_KEY);
    }

    private TestAssignmentSeals() {}

    public static Path privateKeyFile() {
        return PRIVATE_KEY;
    }

    public static Path publicKeyFile() {
        return PUBLIC_KEY;
    }

    /** The assignment as campaign-service would seal it. */
    public static UpdateAssigned seal(UpdateAssigned assignment) {
        return assignment.sealed(AssignmentSeals.seal(assignment, UPDATE_SIGNER, KEY));
    }

    /** The assignment as rollback-service would seal it. */
    public static RollbackAssigned seal(RollbackAssigned assignment) {
        return assignment.sealed(AssignmentSeals.seal(assignment, ROLLBACK_SIGNER, KEY));
    }

    private static Path directory() {
        try {
            Path directory = Files.createTempDirectory("ota-test-assignment-key");
            directory.toFile().deleteOnExit();
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
